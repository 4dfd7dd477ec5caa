/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so retries
 * from many deliveries spread out but none comes back sooner than half the nominal delay.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const nominal = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(nominal / 2 + (random() * nominal) / 2);
}

/** The delay to use when the server named one (Retry-After): never sooner than it asked. */
export function retryDelay(attempt: number, baseMs: number, maxMs: number, retryAfterMs: number | null): number {
  const own = backoffDelay(attempt, baseMs, maxMs);
  return retryAfterMs === null ? own : Math.max(retryAfterMs, Math.min(own, retryAfterMs + baseMs));
}
