/** The PostgreSQL store's coalescer: idle callers run at once, busy ones share statements, one bad input fails alone. */
import { describe, expect, it } from 'vitest';
import { KeyedMutex } from '../src/engine/keyed-mutex.js';
import { Coalescer } from '../src/store/postgres/coalescer.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A coalescer answering n * 10 that records its batches; the first batch waits for `gate`. */
function recording(options: { maxBatch: number; weight?: (n: number) => number }) {
  const batches: number[][] = [];
  const gate = deferred();
  const coalescer = new Coalescer<number, number>(
    async (inputs) => {
      batches.push(inputs);
      if (batches.length === 1) await gate.promise;
      return inputs.map((n) => n * 10);
    },
    { maxInFlight: 1, ...options },
  );
  return { batches, gate, coalescer };
}

describe('Coalescer', () => {
  it('runs the first call alone and at once, then coalesces the calls that arrived meanwhile, up to maxBatch', async () => {
    const { batches, gate, coalescer } = recording({ maxBatch: 4 });
    const answers = [1, 2, 3, 4, 5, 6].map((n) => coalescer.submit(n));
    expect(batches).toEqual([[1]]);
    gate.resolve();
    expect(await Promise.all(answers)).toEqual([10, 20, 30, 40, 50, 60]);
    expect(batches).toEqual([[1], [2, 3, 4, 5], [6]]);
  });

  it('weighs inputs, but always takes at least one', async () => {
    const { batches, gate, coalescer } = recording({ maxBatch: 5, weight: (n) => n });
    const answers = [1, 9, 2, 3, 4].map((n) => coalescer.submit(n));
    gate.resolve();
    await Promise.all(answers);
    expect(batches).toEqual([[1], [9], [2, 3], [4]]);
  });

  it('runs each input of a failed shared statement alone, so only the bad one fails', async () => {
    const gate = deferred();
    let calls = 0;
    const coalescer = new Coalescer<number, number>(
      async (inputs) => {
        if (calls++ === 0) await gate.promise;
        if (inputs.includes(13)) throw new Error('unlucky');
        return inputs;
      },
      { maxInFlight: 1, maxBatch: 10 },
    );
    const first = coalescer.submit(1);
    const rest = [12, 13, 14].map((n) => coalescer.submit(n));
    gate.resolve();
    expect(await first).toBe(1);
    const settled = await Promise.allSettled(rest);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual([12, 'unlucky', 14]);
  });
});

describe('KeyedMutex', () => {
  it('runs one task at a time per key, in arrival order, and keys independently', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const gate = deferred();
    const a1 = mutex.run('a', async () => {
      log.push('a1 start');
      await gate.promise;
      log.push('a1 end');
    });
    const a2 = mutex.run('a', async () => {
      log.push('a2');
    });
    const b1 = mutex.run('b', async () => {
      log.push('b1');
    });
    await b1;
    expect(log).toEqual(['a1 start', 'b1']);
    gate.resolve();
    await Promise.all([a1, a2]);
    expect(log).toEqual(['a1 start', 'b1', 'a1 end', 'a2']);
    await expect(mutex.run('a', async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(await mutex.run('a', async () => 'after a failure')).toBe('after a failure');
  });
});
