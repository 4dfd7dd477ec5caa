/** mapInParallel: bounded concurrency, results in index order, no new work after a failure. */
import { describe, expect, it } from 'vitest';
import { mapInParallel } from '../src/core/parallel.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('mapInParallel', () => {
  it('keeps at most `parallelism` tasks running and answers in index order', async () => {
    let running = 0;
    let most = 0;
    const results = await mapInParallel(7, 2, async (i) => {
      running++;
      most = Math.max(most, running);
      await tick();
      running--;
      return i * i;
    });
    expect(results).toEqual([0, 1, 4, 9, 16, 25, 36]);
    expect(most).toBe(2);
    expect(await mapInParallel(0, 2, async () => 1)).toEqual([]);
  });

  it('starts nothing new after a failure and throws the first error once the running task settled', async () => {
    const started: number[] = [];
    let settled = 0;
    const run = mapInParallel(10, 2, async (i) => {
      started.push(i);
      await tick();
      settled++;
      if (i === 1) throw new Error('chunk 1 failed');
      return i;
    });
    await expect(run).rejects.toThrow('chunk 1 failed');
    expect(started.length).toBeLessThanOrEqual(3);
    expect(settled).toBe(started.length);
  });
});
