/**
 * The rate this process sends at, per Expo project: a 429 is Expo telling us our rate. It starts
 * at the configured limit (or none), drops by a fifth on a 429 (never twice for requests that left
 * before the last cut) and pauses the project until Retry-After, then climbs back by a twentieth of
 * where it was cut from every two windows without a 429, until the configured limit (or, without
 * one, the rate that drew the 429) is reached again and the cut is forgotten. Additive increase,
 * multiplicative decrease, as TCP shares a link it cannot see; a fifth rather than a half, since
 * one 429 is as likely jitter at the configured rate as a lower limit, and repeated 429s still
 * bring a much lower limit down within a few round trips.
 */
import type { Clock } from '../domain/clock.js';

/** Never below this many messages per second: a cut project still moves. */
export const MIN_RATE_PER_SECOND = 1;
/** What is left of the rate after a 429. */
const DECREASE = 0.8;

interface Cut {
  /** Messages per second now. */
  rate: number;
  /** Where it climbs back to, then the cut is forgotten. */
  ceiling: number;
  /** No request for the project before this (Retry-After). */
  pausedUntil: number;
  /** Requests started before this were in flight at the cut: their 429s cut no further. */
  cutAt: number;
  /** When the rate last rose. */
  raisedAt: number;
}

export class AdaptiveRate {
  private readonly cuts = new Map<string, Cut>();

  /**
   * @param configured messages per second per project, 0 for no limit
   * @param windowMs the send budget's window
   * @param onChange called with a project's rate whenever it changes (null: back to the configured limit)
   */
  constructor(
    private readonly configured: number,
    private readonly windowMs: number,
    private readonly clock: Clock,
    private readonly onChange: (project: string, ratePerSecond: number | null) => void = () => {},
  ) {}

  /** The projects sending below the configured limit now, with their rates (messages per second). */
  current(): Map<string, number> {
    const rates = new Map<string, number>();
    for (const project of [...this.cuts.keys()]) {
      const rate = this.limitFor(project);
      if (this.cuts.has(project) && rate !== null) rates.set(project, rate);
    }
    return rates;
  }

  /** True while some project sends below its configured limit. */
  get anyCut(): boolean {
    return this.cuts.size > 0;
  }

  /** Messages per second for `project` now, or null for no limit. */
  limitFor(project: string): number | null {
    const cut = this.cuts.get(project);
    if (!cut) return this.configured > 0 ? this.configured : null;
    const now = this.clock.now();
    const steps = Math.floor((now - cut.raisedAt) / (2 * this.windowMs));
    if (steps > 0 && now >= cut.pausedUntil) {
      cut.rate += steps * Math.max(MIN_RATE_PER_SECOND, cut.ceiling / 20);
      cut.raisedAt += steps * 2 * this.windowMs;
      if (cut.rate >= cut.ceiling) {
        this.cuts.delete(project);
        this.onChange(project, null);
        return this.configured > 0 ? this.configured : null;
      }
      this.onChange(project, Math.floor(cut.rate));
    }
    return Math.floor(cut.rate);
  }

  /** Until when `project` must not be sent to (0 when it may be now). */
  pausedUntil(project: string): number {
    return this.cuts.get(project)?.pausedUntil ?? 0;
  }

  /**
   * Expo answered 429 to a request for `project` that started at `requestStartedAt`, while this
   * process had sent `recentPerSecond` messages to it over the last second.
   */
  rateLimited(project: string, retryAfterMs: number | null, requestStartedAt: number, recentPerSecond: number): void {
    const now = this.clock.now();
    const pausedUntil = now + (retryAfterMs ?? this.windowMs);
    const cut = this.cuts.get(project);
    if (cut && requestStartedAt < cut.cutAt) {
      cut.pausedUntil = Math.max(cut.pausedUntil, pausedUntil);
      return;
    }
    const current = cut?.rate ?? (this.configured > 0 ? Math.min(this.configured, Math.max(recentPerSecond, MIN_RATE_PER_SECOND)) : recentPerSecond);
    const rate = Math.max(MIN_RATE_PER_SECOND, Math.floor(current * DECREASE));
    const ceiling = cut?.ceiling ?? (this.configured > 0 ? this.configured : Math.max(recentPerSecond, 2 * MIN_RATE_PER_SECOND));
    this.cuts.set(project, { rate, ceiling, pausedUntil, cutAt: now, raisedAt: Math.max(now, pausedUntil) });
    this.onChange(project, rate);
  }
}
