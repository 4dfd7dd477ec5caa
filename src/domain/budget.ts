/**
 * The send budget rule, the same for every store and process: per Expo project, at most `limit`
 * messages are granted in any window of `windowMs` (a sliding window over a ledger of grants), and
 * a caller gets whatever is free now rather than waiting for all it wants. The stores keep the
 * ledger (and take turns on it); this module decides.
 */

/** What one ask for budget got. */
export interface SendBudget {
  /** How many messages may be sent now (0..wanted). */
  granted: number;
  /** When granted is 0: how long to wait before asking again, ms. */
  waitMs: number;
}

/** The budget a request asks for: `limit` messages per `windowMs` for `project`. */
export interface BudgetRequest {
  project: string;
  limit: number;
  windowMs: number;
}

/**
 * Grants are kept this many windows, not one: callers' times reach the ledger slightly out of
 * order, and one with an earlier time must still see every grant of its window.
 */
const KEEP_WINDOWS = 10;

/** Grants at or before this time can be deleted from the ledger. */
export function prunableBefore(now: number, windowMs: number): number {
  return now - KEEP_WINDOWS * windowMs;
}

/** The window a grant at `now` is measured against: grants after this time count. */
export function windowStart(now: number, windowMs: number): number {
  return now - windowMs;
}

/**
 * The decision, given what the ledger holds in the window ending at `now`: `used` messages, the
 * oldest granted at `oldestAt` (null when none).
 */
export function decideBudget(wanted: number, request: BudgetRequest, used: number, oldestAt: number | null, now: number): SendBudget {
  if (wanted <= 0) return { granted: 0, waitMs: 0 };
  const granted = Math.max(0, Math.min(wanted, request.limit - used));
  if (granted > 0) return { granted, waitMs: 0 };
  // Full: wait until the oldest grant in the window leaves it.
  return { granted: 0, waitMs: Math.max(1, (oldestAt ?? now) + request.windowMs - now) };
}
