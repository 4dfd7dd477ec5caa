/**
 * The shared per-project send budget: a ledger of grants. Under a per-(schema, project) advisory
 * transaction lock, grants older than the window are pruned, the rest summed, and up to what is
 * left of `limitPerSecond` granted. So all processes together grant at most `limitPerSecond` in
 * any 1000 ms window, and a caller gets whatever is free now rather than waiting for all it wants.
 */
import type pg from 'pg';
import type { SendBudget, StartRequestInput, StartRequestResult } from '../store.js';
import { type Db, transaction } from './connection.js';

const WINDOW_MS = 1000;
/**
 * Grants are pruned only well after they leave the window: callers' clocks (`now`) reach the lock
 * slightly out of order, and one with an earlier `now` must still see every grant in its window.
 */
const KEEP_MS = 10 * WINDOW_MS;
/** Below this, time before the lock is a round trip, not a wait worth stamping (tests pass exact times). */
const LATE_ENOUGH_MS = 50;

export async function reserveSendBudget(
  db: Db,
  project: string,
  wanted: number,
  limitPerSecond: number,
  now: number,
  windowMs: number = WINDOW_MS,
): Promise<SendBudget> {
  if (wanted <= 0) return { granted: 0, waitMs: 0 };
  return transaction(db, (client) => reserveLocked(client, db.schema, project, wanted, limitPerSecond, now, windowMs));
}

/**
 * Takes the send budget and marks the granted deliveries as started in one transaction, so the
 * grant's time is the moment the request is about to be written.
 */
export async function startRequest(db: Db, opts: StartRequestInput): Promise<StartRequestResult> {
  if (opts.deliveryIds.length === 0) return { started: [], lost: [], waitMs: 0 };
  const called = Date.now();
  return transaction(db, async (client) => {
    // Lock what this claim still holds first: recovery (SKIP LOCKED) then leaves it alone.
    const { rows: heldRows } = await client.query<{ id: string }>(
      `SELECT id FROM deliveries WHERE id = ANY($1::text[]) AND state = 'sending' AND lease_owner = $2 ORDER BY id FOR UPDATE`,
      [opts.deliveryIds, opts.owner],
    );
    const heldSet = new Set(heldRows.map((r) => r.id));
    const held = opts.deliveryIds.filter((id) => heldSet.has(id));
    const lost = opts.deliveryIds.filter((id) => !heldSet.has(id));
    if (held.length === 0) return { started: [], lost, waitMs: 0 };
    let granted = held.length;
    let waitMs = 0;
    if (opts.budget) {
      const { project, limitPerSecond, windowMs } = opts.budget;
      // Time spent before the lock (a pooled connection, the row locks above) counts like the
      // lock wait: a grant stamped before it frees its window early and sends bunch at Expo
      // (100-180 ms seen with three processes; the scale test's busiest second reached 1,100).
      const late = Date.now() - called;
      const now = opts.now + (late >= LATE_ENOUGH_MS ? late : 0);
      const budget = await reserveLocked(client, db.schema, project, granted, limitPerSecond, now, windowMs);
      granted = budget.granted;
      waitMs = budget.waitMs;
    }
    let started: string[] = [];
    if (granted > 0) {
      const { rows } = await client.query<{ id: string }>(
        `UPDATE deliveries SET attempts = attempts + 1, request_started_at = $2, lease_expires_at = $3, updated_at = $2
         WHERE id = ANY($1::text[]) RETURNING id`,
        [held.slice(0, granted), opts.now, opts.leaseExpiresAt],
      );
      const marked = new Set(rows.map((r) => r.id));
      started = held.filter((id) => marked.has(id));
    }
    // Waiting for budget is progress: the rest keep their lease instead of being recovered.
    if (granted < held.length) {
      await client.query(`UPDATE deliveries SET lease_expires_at = greatest(lease_expires_at, $2), updated_at = $3 WHERE id = ANY($1::text[])`, [
        held.slice(granted),
        opts.leaseExpiresAt,
        opts.now,
      ]);
    }
    return { started, lost, waitMs };
  });
}

async function reserveLocked(
  client: pg.PoolClient,
  schema: string,
  project: string,
  wanted: number,
  limitPerSecond: number,
  now: number,
  windowMs: number,
): Promise<SendBudget> {
  // A caller that waited for the lock must not record its grant as of before the wait (the
  // window would free early and grants would bunch): `now` moves on by the time spent waiting.
  const { rows: waited } = await client.query<{ ms: number }>(
    `SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2)),
            floor(extract(epoch FROM clock_timestamp() - statement_timestamp()) * 1000)::int AS ms`,
    [`pushgate_budget:${schema}`, project],
  );
  now += waited[0]!.ms;
  // A new statement, so its snapshot sees every grant committed before the lock was ours.
  const { rows } = await client.query<{ granted: number; oldest: number | null }>(
    `WITH pruned AS (
       DELETE FROM send_budget_grants WHERE project = $1 AND granted_at <= $2::bigint - ${KEEP_MS}
     ),
     used AS (
       SELECT COALESCE(sum(amount), 0)::int AS used, min(granted_at) AS oldest
       FROM send_budget_grants WHERE project = $1 AND granted_at > $2::bigint - $5::bigint
     ),
     decision AS (SELECT least($3::int, greatest($4::int - used, 0)) AS granted, oldest FROM used),
     recorded AS (
       INSERT INTO send_budget_grants (project, granted_at, amount)
       SELECT $1, $2, granted FROM decision WHERE granted > 0
     )
     SELECT granted, oldest FROM decision`,
    [project, now, wanted, limitPerSecond, windowMs],
  );
  const { granted, oldest } = rows[0]!;
  if (granted > 0) return { granted, waitMs: 0 };
  // Full: wait until the oldest grant in the window leaves it.
  return { granted: 0, waitMs: Math.max(1, (oldest ?? now) + windowMs - now) };
}
