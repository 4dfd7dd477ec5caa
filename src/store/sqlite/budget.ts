/**
 * The shared per-project send budget: a ledger of grants. In one IMMEDIATE transaction (so every
 * process using the file takes turns) the grants of the last window are summed and up to what is
 * left of `limitPerSecond` granted. So all processes together grant at most `limitPerSecond` in any
 * window, and a caller gets whatever is free now rather than waiting for all it wants.
 * startRequest takes the budget and marks the request started in the same transaction.
 */
import type { SendBudget, StartRequestInput, StartRequestResult } from '../store.js';
import type { Db } from './connection.js';
import { extendLease, heldBy, markStarted } from './dispatch.js';

/**
 * Grants are pruned only well after they leave the window: callers' clocks (`now`) reach the lock
 * slightly out of order, and one with an earlier `now` must still see every grant in its window.
 */
const KEEP_WINDOWS = 10;

export function reserveSendBudget(db: Db, project: string, wanted: number, limitPerSecond: number, now: number, windowMs = 1000): SendBudget {
  if (wanted <= 0) return { granted: 0, waitMs: 0 };
  return db.write(() => reserve(db, project, wanted, limitPerSecond, now + db.lockWaitMs, windowMs));
}

/**
 * Takes the send budget for a prefix of the deliveries and marks the granted ones started, in one
 * transaction: the grant is stamped the moment the request is about to be written.
 */
export function startRequest(db: Db, input: StartRequestInput): StartRequestResult {
  if (input.deliveryIds.length === 0) return { started: [], lost: [], waitMs: 0 };
  return db.write(() => {
    // A caller that waited for the lock must not stamp its grant as of before the wait.
    const now = input.now + db.lockWaitMs;
    const held = heldBy(db, input.deliveryIds, input.owner);
    const heldSet = new Set(held);
    const lost = input.deliveryIds.filter((id) => !heldSet.has(id));
    if (held.length === 0) return { started: [], lost, waitMs: 0 };
    let granted = held.length;
    let waitMs = 0;
    if (input.budget) {
      const { project, limitPerSecond, windowMs } = input.budget;
      const budget = reserve(db, project, granted, limitPerSecond, now, windowMs);
      granted = budget.granted;
      waitMs = budget.waitMs;
    }
    const started = granted > 0 ? markStarted(db, held.slice(0, granted), input.owner, now, input.leaseExpiresAt) : [];
    // Waiting for budget is progress: the rest keep their lease instead of being recovered.
    extendLease(db, held.slice(granted), input.owner, now, input.leaseExpiresAt);
    return { started, lost, waitMs };
  });
}

/** Inside a write transaction: prune, sum the window, grant what is left. */
function reserve(db: Db, project: string, wanted: number, limitPerSecond: number, now: number, windowMs: number): SendBudget {
  db.prepare('DELETE FROM send_budget WHERE project = ? AND at_ms <= ?').run(project, now - KEEP_WINDOWS * windowMs);
  const window = db
    .prepare('SELECT COALESCE(sum(count), 0) AS used, min(at_ms) AS oldest FROM send_budget WHERE project = ? AND at_ms > ?')
    .get(project, now - windowMs) as { used: number; oldest: number | null };
  const granted = Math.max(0, Math.min(wanted, limitPerSecond - window.used));
  if (granted > 0) {
    db.prepare('INSERT INTO send_budget (project, at_ms, count) VALUES (?, ?, ?)').run(project, now, granted);
    return { granted, waitMs: 0 };
  }
  // Full: wait until the oldest grant in the window leaves it.
  return { granted: 0, waitMs: Math.max(1, (window.oldest ?? now) + windowMs - now) };
}
