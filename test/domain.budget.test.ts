/** The send budget rule (src/domain/budget.ts), the same for every store. */
import { describe, expect, it } from 'vitest';
import { decideBudget, prunableBefore, windowStart } from '../src/domain/budget.js';

const T = 1_700_000_000_000;
const request = { project: 'p', limit: 100, windowMs: 1000 };

describe('decideBudget', () => {
  it('grants what is left of the limit, up to what is wanted', () => {
    expect(decideBudget(30, request, 0, null, T)).toEqual({ granted: 30, waitMs: 0 });
    expect(decideBudget(30, request, 80, T - 500, T)).toEqual({ granted: 20, waitMs: 0 });
    expect(decideBudget(0, request, 0, null, T)).toEqual({ granted: 0, waitMs: 0 });
  });

  it('when full, waits until the oldest grant of the window leaves it (at least 1 ms)', () => {
    expect(decideBudget(5, request, 100, T - 300, T)).toEqual({ granted: 0, waitMs: 700 });
    expect(decideBudget(5, request, 100, T - 1000, T)).toEqual({ granted: 0, waitMs: 1 });
    expect(decideBudget(5, { ...request, windowMs: 20_000 }, 100, T - 15_000, T)).toEqual({ granted: 0, waitMs: 5_000 });
  });
});

describe('the ledger window', () => {
  it('counts grants after now - window and keeps ten windows of them', () => {
    expect(windowStart(T, 1000)).toBe(T - 1000);
    expect(prunableBefore(T, 1000)).toBe(T - 10_000);
    expect(prunableBefore(T, 20_000)).toBe(T - 200_000);
  });
});
