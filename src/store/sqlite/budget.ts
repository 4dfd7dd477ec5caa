/**
 * startRequest: takes the shared per-project send budget and marks the granted deliveries started,
 * in one IMMEDIATE transaction (so every process using the file takes turns on the ledger). The
 * rule is domain/budget.ts; this file keeps its ledger, `send_budget`, one row per grant.
 */

import { type BudgetRequest, decideBudget, prunableBefore, type SendBudget, windowStart } from '../../domain/budget.js';
import type { Clock } from '../../domain/clock.js';
import type { StartRequestInput, StartRequestResult } from '../port.js';
import type { Db } from './connection.js';
import { extendLease, heldBy, markStarted } from './dispatch.js';

/**
 * The clock is read once the write lock is held: a caller that waited for another process's
 * transaction must not stamp its grant as of before the wait (its window would free early).
 */
export function startRequest(db: Db, clock: Clock, input: StartRequestInput): StartRequestResult {
  if (input.deliveryIds.length === 0) return { started: [], lost: [], waitMs: 0 };
  return db.write(() => {
    const now = clock.now();
    const leaseExpiresAt = now + input.leaseMs;
    const held = heldBy(db, input.deliveryIds, input.owner);
    const heldSet = new Set(held);
    const lost = input.deliveryIds.filter((id) => !heldSet.has(id));
    if (held.length === 0) return { started: [], lost, waitMs: 0 };
    const { granted, waitMs, grant } = input.budget ? reserve(db, input.budget, held.length, now) : { granted: held.length, waitMs: 0, grant: null };
    const started = granted > 0 ? markStarted(db, held.slice(0, granted), input.owner, now, leaseExpiresAt) : [];
    // Waiting for budget is progress: the rest keep their lease instead of being recovered.
    extendLease(db, held.slice(granted), input.owner, now, leaseExpiresAt);
    return { started, lost, waitMs, grant };
  });
}

export function confirmSend(db: Db, grant: string, sentAt: number): void {
  db.write(() => db.prepare('UPDATE send_budget SET at_ms = max(at_ms, ?) WHERE rowid = ?').run(sentAt, Number(grant)));
}

/** Inside the write transaction: prune, sum the window, record what the rule grants (its rowid is the grant). */
function reserve(db: Db, request: BudgetRequest, wanted: number, now: number): SendBudget & { grant: string | null } {
  const { project, windowMs } = request;
  db.prepare('DELETE FROM send_budget WHERE project = ? AND at_ms <= ?').run(project, prunableBefore(now, windowMs));
  const window = db
    .prepare('SELECT COALESCE(sum(count), 0) AS used, min(at_ms) AS oldest FROM send_budget WHERE project = ? AND at_ms > ?')
    .get(project, windowStart(now, windowMs)) as { used: number; oldest: number | null };
  const budget = decideBudget(wanted, request, window.used, window.oldest, now);
  if (budget.granted === 0) return { ...budget, grant: null };
  const { lastInsertRowid } = db.prepare('INSERT INTO send_budget (project, at_ms, count) VALUES (?, ?, ?)').run(project, now, budget.granted);
  return { ...budget, grant: String(lastInsertRowid) };
}
