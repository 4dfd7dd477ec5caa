/**
 * Expo's per-project rate limit as a token bucket: capacity = one second of the rate, refilled
 * continuously. A request takes as many tokens as it has messages, all or nothing.
 */
export class ProjectRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /** @param perSecond messages per second per project; 0 or less means unlimited. */
  constructor(private readonly perSecond: number) {}

  /**
   * Takes `count` tokens from `project`'s bucket at time `now` (ms, monotonic).
   * @returns 0 when allowed, else the whole seconds to wait before retrying (>= 1).
   */
  take(project: string, count: number, now = performance.now()): number {
    if (this.perSecond <= 0) return 0;
    let bucket = this.buckets.get(project);
    if (!bucket) {
      bucket = { tokens: this.perSecond, at: now };
      this.buckets.set(project, bucket);
    }
    // Requests are stamped when they arrive but decided after their body is read, so `now` can
    // run slightly backwards; never refill (or drain) for negative time.
    if (now > bucket.at) {
      bucket.tokens = Math.min(this.perSecond, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
      bucket.at = now;
    }
    if (bucket.tokens >= count) {
      bucket.tokens -= count;
      return 0;
    }
    return Math.max(1, Math.ceil((count - bucket.tokens) / this.perSecond));
  }

  /** Refills every bucket. */
  reset(): void {
    this.buckets.clear();
  }
}
