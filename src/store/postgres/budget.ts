/**
 * startRequest: takes the shared per-project send budget and marks the granted deliveries started,
 * in one transaction. Processes take turns on a project's ledger (`send_budget_grants`, one row
 * per grant) under a per-(schema, project) advisory transaction lock. The rule is
 * domain/budget.ts; this file keeps the ledger.
 */
import type pg from 'pg';
import { type BudgetRequest, decideBudget, prunableBefore, type SendBudget, windowStart } from '../../domain/budget.js';
import type { Clock } from '../../domain/clock.js';
import type { StartRequestInput, StartRequestResult } from '../port.js';
import { type Db, transaction } from './connection.js';

export async function startRequest(db: Db, clock: Clock, input: StartRequestInput): Promise<StartRequestResult> {
  if (input.deliveryIds.length === 0) return { started: [], lost: [], waitMs: 0 };
  return transaction(db, async (client) => {
    // Lock what this claim still holds first: recovery (SKIP LOCKED) then leaves it alone.
    const { rows: heldRows } = await client.query<{ id: string }>(
      `SELECT id FROM deliveries WHERE id = ANY($1::text[]) AND state = 'sending' AND lease_owner = $2 ORDER BY id FOR UPDATE`,
      [input.deliveryIds, input.owner],
    );
    const heldSet = new Set(heldRows.map((r) => r.id));
    const held = input.deliveryIds.filter((id) => heldSet.has(id));
    const lost = input.deliveryIds.filter((id) => !heldSet.has(id));
    if (held.length === 0) return { started: [], lost, waitMs: 0 };
    const budget: SendBudget = input.budget ? await reserve(client, db.schema, clock, input.budget, held.length) : { granted: held.length, waitMs: 0 };
    // The grant's time (after the ledger lock) is the request's start time too.
    const now = clock.now();
    const leaseExpiresAt = now + input.leaseMs;
    let started: string[] = [];
    if (budget.granted > 0) {
      const { rows } = await client.query<{ id: string }>(
        `UPDATE deliveries SET attempts = attempts + 1, request_started_at = $2, lease_expires_at = $3, updated_at = $2
         WHERE id = ANY($1::text[]) RETURNING id`,
        [held.slice(0, budget.granted), now, leaseExpiresAt],
      );
      const marked = new Set(rows.map((r) => r.id));
      started = held.filter((id) => marked.has(id));
    }
    // Waiting for budget is progress: the rest keep their lease instead of being recovered.
    if (budget.granted < held.length) {
      await client.query(`UPDATE deliveries SET lease_expires_at = greatest(lease_expires_at, $2), updated_at = $3 WHERE id = ANY($1::text[])`, [
        held.slice(budget.granted),
        leaseExpiresAt,
        now,
      ]);
    }
    return { started, lost, waitMs: budget.waitMs };
  });
}

/**
 * Under the project's ledger lock: prune, sum the window, record what the rule grants. The clock
 * is read once the lock is held: a caller that waited for it must not stamp its grant as of before
 * the wait (its window would free early and sends from several processes would bunch).
 */
async function reserve(client: pg.PoolClient, schema: string, clock: Clock, request: BudgetRequest, wanted: number): Promise<SendBudget> {
  const { project, windowMs } = request;
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [`pushgate_budget:${schema}`, project]);
  const now = clock.now();
  // A new statement, so its snapshot sees every grant committed before the lock was ours.
  const { rows } = await client.query<{ used: number; oldest: number | null }>(
    `WITH pruned AS (DELETE FROM send_budget_grants WHERE project = $1 AND granted_at <= $2)
     SELECT COALESCE(sum(amount), 0)::int AS used, min(granted_at) AS oldest
     FROM send_budget_grants WHERE project = $1 AND granted_at > $3`,
    [project, prunableBefore(now, windowMs), windowStart(now, windowMs)],
  );
  const budget = decideBudget(wanted, request, rows[0]!.used, rows[0]!.oldest, now);
  if (budget.granted > 0) {
    await client.query('INSERT INTO send_budget_grants (project, granted_at, amount) VALUES ($1, $2, $3)', [project, now, budget.granted]);
  }
  return budget;
}
