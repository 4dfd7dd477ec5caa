/** The per-project send rate a 429 cuts (src/engine/throttle.ts): halve, pause, climb back. */
import { describe, expect, it } from 'vitest';
import { AdaptiveRate } from '../src/engine/throttle.js';
import { ManualClock } from './support/clock.js';

const T = 1_700_000_000_000;

describe('AdaptiveRate', () => {
  it('cuts a fifth on a 429, pauses until Retry-After, climbs back and forgets the cut at the configured rate', () => {
    const clock = new ManualClock(T);
    const changes: [string, number | null][] = [];
    const rates = new AdaptiveRate(600, 1000, clock, (p, r) => changes.push([p, r]));
    expect(rates.limitFor('p')).toBe(600);
    expect(rates.anyCut).toBe(false);

    rates.rateLimited('p', 3000, T - 100, 600);
    expect(rates.limitFor('p')).toBe(480);
    expect(rates.pausedUntil('p')).toBe(T + 3000);
    expect(rates.limitFor('other')).toBe(600);
    // a 429 for a request that left before the cut cuts no further
    rates.rateLimited('p', 1000, T - 50, 600);
    expect(rates.limitFor('p')).toBe(480);
    // no climbing while paused; then +30 (a twentieth of 600) every two windows
    clock.set(T + 2999);
    expect(rates.limitFor('p')).toBe(480);
    clock.set(T + 3000 + 2000);
    expect(rates.limitFor('p')).toBe(510);
    clock.set(T + 3000 + 2000 * 10);
    expect(rates.limitFor('p')).toBe(600);
    expect(rates.anyCut).toBe(false);
    expect(changes).toEqual([
      ['p', 480],
      ['p', 510],
      ['p', null],
    ]);
  });

  it('cuts again, from the cut rate, on a 429 for a request sent after the cut', () => {
    const clock = new ManualClock(T);
    const rates = new AdaptiveRate(600, 1000, clock);
    rates.rateLimited('p', null, T - 1, 600);
    clock.set(T + 5);
    rates.rateLimited('p', null, T + 1, 480);
    expect(rates.limitFor('p')).toBe(384);
    expect(rates.pausedUntil('p')).toBe(T + 5 + 1000);
  });

  it('without a configured limit, cuts the rate that drew the 429 and lifts the limit once back there', () => {
    const clock = new ManualClock(T);
    const rates = new AdaptiveRate(0, 1000, clock);
    expect(rates.limitFor('p')).toBeNull();
    rates.rateLimited('p', 0, T - 1, 2000);
    expect(rates.anyCut).toBe(true);
    expect(rates.limitFor('p')).toBe(1600);
    clock.set(T + 2000 * 10);
    expect(rates.limitFor('p')).toBeNull();
    expect(rates.anyCut).toBe(false);
  });

  it('never goes below one message per second', () => {
    const rates = new AdaptiveRate(1, 1000, new ManualClock(T));
    for (let i = 0; i < 5; i++) rates.rateLimited('p', null, T + i, 1);
    expect(rates.limitFor('p')).toBe(1);
  });
});
