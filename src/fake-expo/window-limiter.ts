/**
 * Expo's per-project rate limit as a strict sliding window over arrival times: a request goes
 * through only if, with its messages counted at its arrival, no window of 1000 ms holding that
 * arrival has more than the limit. Unlike the token bucket it allows no burst after a quiet
 * spell, so a client is refused as soon as any second of its traffic goes over the limit.
 */

const WINDOW_MS = 1000;
/**
 * How long an arrival is kept after newer ones. Requests are decided after their body is read and
 * the injected latency, so one may arrive before others already counted; it is judged against
 * everything kept, so only a request decided this long after it arrived could slip through.
 */
const RETENTION_MS = 60_000;
/** Expired arrivals are spliced off this many at a time, not one per request. */
const PRUNE_BATCH = 256;

interface Arrival {
  at: number;
  count: number;
}

/** Index of the first arrival after `at` in a list sorted by time. */
function firstAfter(list: Arrival[], at: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (list[mid]!.at <= at) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * True when `count` more messages at `at` would put over `perSecond` messages in some window
 * (end - 1000 ms, end] holding `at`. Such windows end at `at` or at a later arrival less than
 * 1000 ms after it, and a window's total only grows at an arrival, so those ends are all to check.
 */
function overLimit(list: Arrival[], count: number, perSecond: number, at: number): boolean {
  const room = perSecond - count;
  if (room < 0) return true;
  let start = firstAfter(list, at - WINDOW_MS);
  let end = firstAfter(list, at);
  let total = 0;
  for (let i = start; i < end; i++) total += list[i]!.count;
  if (total > room) return true;
  for (; end < list.length && list[end]!.at < at + WINDOW_MS; end++) {
    const windowEnd = list[end]!.at;
    total += list[end]!.count;
    while (list[start]!.at <= windowEnd - WINDOW_MS) total -= list[start++]!.count;
    if (total > room) return true;
  }
  return false;
}

/** Whole seconds (>= 1) from `at` until enough of the latest window's arrivals leave it for `count` more to fit. */
function retryAfterSeconds(list: Arrival[], count: number, perSecond: number, at: number): number {
  const latest = Math.max(at, list.at(-1)?.at ?? at);
  let i = firstAfter(list, latest - WINDOW_MS);
  let total = 0;
  for (let j = i; j < list.length; j++) total += list[j]!.count;
  let fitsAt = at;
  for (; i < list.length && total + count > perSecond; i++) {
    total -= list[i]!.count;
    fitsAt = list[i]!.at + WINDOW_MS;
  }
  return Math.max(1, Math.ceil((fitsAt - at) / 1000));
}

/** Per-project arrivals of the messages let through, judged over a sliding one-second window. */
export class SlidingWindowLimiter {
  private readonly arrivals = new Map<string, Arrival[]>();

  /**
   * Lets `count` messages of `project` arriving at `at` (ms, monotonic) through when they fit, and counts them.
   * @param perSecond messages per 1000 ms per project, > 0.
   * @returns 0 when allowed, else the whole seconds to wait before retrying (>= 1).
   */
  take(project: string, count: number, perSecond: number, at: number): number {
    const list = this.arrivals.get(project) ?? [];
    if (overLimit(list, count, perSecond, at)) return retryAfterSeconds(list, count, perSecond, at);
    this.record(project, count, at);
    return 0;
  }

  /** Counts messages let through without asking, as when another limiter decided. */
  record(project: string, count: number, at: number): void {
    let list = this.arrivals.get(project);
    if (!list) {
      list = [];
      this.arrivals.set(project, list);
    }
    const index = firstAfter(list, at);
    if (index === list.length) list.push({ at, count });
    else list.splice(index, 0, { at, count });
    const expired = firstAfter(list, list.at(-1)!.at - RETENTION_MS);
    if (expired >= PRUNE_BATCH) list.splice(0, expired);
  }

  /** Forgets every arrival. */
  reset(): void {
    this.arrivals.clear();
  }
}
