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
import { type Db, query, transaction } from './connection.js';

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
    const budget: SendBudget = input.budget ? await decide(client, db.schema, clock, input.budget, held.length) : { granted: held.length, waitMs: 0 };
    // Read as late as possible: the grant's time is when the request is about to be written, and
    // every millisecond between the two is jitter the budget's window must absorb.
    const now = clock.now();
    const leaseExpiresAt = now + input.leaseMs;
    let started: string[] = [];
    let grant: string | null = null;
    if (budget.granted > 0) {
      const { rows } = await client.query<{ id: string; grant: string | null }>(
        `WITH started AS (
           UPDATE deliveries SET attempts = attempts + 1, request_started_at = $2, lease_expires_at = $3, updated_at = $2
           WHERE id = ANY($1::text[]) RETURNING id
         ),
         recorded AS (
           INSERT INTO send_budget_grants (project, granted_at, amount)
           SELECT $4, $2, count(*) FROM started WHERE $4::text IS NOT NULL HAVING count(*) > 0
           RETURNING id
         )
         SELECT s.id, (SELECT r.id::text FROM recorded r) AS grant FROM started s`,
        [held.slice(0, budget.granted), now, leaseExpiresAt, input.budget?.project ?? null],
      );
      const marked = new Set(rows.map((r) => r.id));
      started = held.filter((id) => marked.has(id));
      grant = rows[0]?.grant ?? null;
    }
    // Waiting for budget is progress: the rest keep their lease instead of being recovered.
    if (budget.granted < held.length) {
      await client.query(`UPDATE deliveries SET lease_expires_at = greatest(lease_expires_at, $2), updated_at = $3 WHERE id = ANY($1::text[])`, [
        held.slice(budget.granted),
        leaseExpiresAt,
        now,
      ]);
    }
    return { started, lost, waitMs: budget.waitMs, grant };
  });
}

export async function confirmSend(db: Db, grant: string, sentAt: number): Promise<void> {
  await query(db, 'UPDATE send_budget_grants SET granted_at = greatest(granted_at, $2) WHERE id = $1', [grant, sentAt], 'pushgate_confirm_send');
}

/**
 * Under the project's ledger lock: prune, sum the window, and decide by the rule; the grant is
 * recorded by the caller's next statement, with the request. The clock is read once the lock is
 * held: a caller that waited for it must not count the window as of before the wait.
 */
async function decide(client: pg.PoolClient, schema: string, clock: Clock, request: BudgetRequest, wanted: number): Promise<SendBudget> {
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
  return decideBudget(wanted, request, rows[0]!.used, rows[0]!.oldest, now);
}
