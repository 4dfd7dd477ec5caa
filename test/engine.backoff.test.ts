/** Retry delays: exponential with equal jitter, capped, never sooner than a Retry-After. */
import { describe, expect, it } from 'vitest';
import { backoffDelay, retryDelay } from '../src/engine/backoff.js';

describe('backoffDelay', () => {
  it('doubles per attempt from the base, half fixed and half random, up to the cap', () => {
    const low = () => 0;
    const high = () => 0.999999;
    expect([1, 2, 3, 4].map((a) => backoffDelay(a, 1000, 60_000, low))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((a) => backoffDelay(a, 1000, 60_000, high))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelay(20, 1000, 60_000, low)).toBe(30_000);
    expect(backoffDelay(20, 1000, 60_000, high)).toBe(60_000);
    // attempt 0 or less counts as the first
    expect(backoffDelay(0, 1000, 60_000, low)).toBe(500);
  });

  it('spreads retries of the same attempt across its interval', () => {
    const delays = new Set(Array.from({ length: 200 }, () => backoffDelay(3, 1000, 60_000)));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(2000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(4000);
    expect(delays.size).toBeGreaterThan(50);
  });
});

describe('retryDelay', () => {
  it('uses the backoff alone without a Retry-After', () => {
    const d = retryDelay(2, 1000, 60_000, null);
    expect(d).toBeGreaterThanOrEqual(1000);
    expect(d).toBeLessThanOrEqual(2000);
  });

  it('never retries sooner than Retry-After, and at most one base delay after it', () => {
    for (let attempt = 1; attempt <= 10; attempt++) {
      const d = retryDelay(attempt, 1000, 300_000, 5000);
      expect(d).toBeGreaterThanOrEqual(5000);
      expect(d).toBeLessThanOrEqual(6000);
    }
    // a Retry-After longer than the cap still wins
    expect(retryDelay(1, 1000, 2000, 10_000)).toBe(10_000);
  });
});
