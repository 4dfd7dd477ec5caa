/** Expo's per-project rate limit, enforced as `faults.rateLimit` says at the time of each request. */
import { TokenBucketLimiter } from './token-bucket.js';
import { SlidingWindowLimiter } from './window-limiter.js';

/** How the per-project rate limit is enforced; see FakeExpoOptions.rateLimitMode. */
export type RateLimitMode = 'bucket' | 'window';

export const RATE_LIMIT_MODES: readonly RateLimitMode[] = ['bucket', 'window'];

/** The rate limit in force; `faults.rateLimit`, changeable at run time. */
export interface RateLimit {
  /** Messages per second per Expo project; 0 = unlimited. */
  perSecond: number;
  /** 'bucket' (a token bucket, bursts allowed) or 'window' (strict sliding one-second window). */
  mode: RateLimitMode;
}

/** Decides each request under the current limit; state is kept across changes of rate and mode. */
export class ProjectRateLimiter {
  private readonly bucket = new TokenBucketLimiter();
  private readonly window = new SlidingWindowLimiter();

  /**
   * Lets `count` messages of `project` that arrived at `arrived` (ms, monotonic) through, or not.
   * @returns 0 when allowed, else the whole seconds to wait before retrying (>= 1).
   */
  take(limit: RateLimit, project: string, count: number, arrived: number): number {
    if (limit.perSecond > 0 && limit.mode === 'window') return this.window.take(project, count, limit.perSecond, arrived);
    const wait = limit.perSecond > 0 ? this.bucket.take(project, count, limit.perSecond, arrived) : 0;
    // The window counts whatever goes through in any mode, so a switch to 'window' at run time
    // judges the next request against the second before it, not against an empty window.
    if (wait === 0) this.window.record(project, count, arrived);
    return wait;
  }

  /** Refills every bucket and empties every window. */
  reset(): void {
    this.bucket.reset();
    this.window.reset();
  }
}
