/**
 * Expo's per-project rate limit as a token bucket: capacity = one second of the rate, refilled
 * continuously. A request takes as many tokens as it has messages, all or nothing.
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /**
   * Takes `count` tokens from `project`'s bucket at time `now` (ms, monotonic). The rate is given
   * on each call so it can change at run time; a lower rate caps the tokens already saved.
   * @param perSecond messages per second per project, > 0.
   * @returns 0 when allowed, else the whole seconds to wait before retrying (>= 1).
   */
  take(project: string, count: number, perSecond: number, now: number): number {
    let bucket = this.buckets.get(project);
    if (!bucket) {
      bucket = { tokens: perSecond, at: now };
      this.buckets.set(project, bucket);
    }
    // Requests are stamped when they arrive but decided after their body is read, so `now` can
    // run slightly backwards; never refill (or drain) for negative time.
    if (now > bucket.at) {
      bucket.tokens += ((now - bucket.at) / 1000) * perSecond;
      bucket.at = now;
    }
    bucket.tokens = Math.min(perSecond, bucket.tokens);
    if (bucket.tokens >= count) {
      bucket.tokens -= count;
      return 0;
    }
    return Math.max(1, Math.ceil((count - bucket.tokens) / perSecond));
  }

  /** Refills every bucket. */
  reset(): void {
    this.buckets.clear();
  }
}
