/**
 * Dispatching: claiming due deliveries under a lease (FOR UPDATE SKIP LOCKED, so two processes
 * never get the same row), applying Expo's answers, releasing, and recovering dead leases.
 * Every change re-derives the affected notifications' status in the same transaction. Outcomes
 * apply only to deliveries still `sending`: a late answer never overwrites a recovered row.
 */
import type { ClaimedDelivery, ClaimOptions, TicketOutcome } from '../store.js';
import { type Db, notifyWork, query, transaction } from './connection.js';
import { deliveryOfSql } from './delivery-ids.js';
import { deriveStatuses, lockNotificationsSql, refreshStatuses } from './status.js';

/** Leaving `sending`: the lease fields go. */
const CLEAR_LEASE = 'lease_owner = NULL, lease_expires_at = NULL, request_started_at = NULL';

export async function claimDueDeliveries(db: Db, opts: ClaimOptions): Promise<ClaimedDelivery[]> {
  if (opts.limit <= 0) return [];
  // Claiming only ever makes a notification `sending` (top precedence), so the status update
  // rides in the same statement; notifications are locked in id order against deadlocks.
  const { rows } = await query<ClaimedDelivery>(
    db,
    `WITH picked AS (
       SELECT id FROM deliveries
       WHERE state IN ('queued', 'retrying') AND next_attempt_at <= $1
       ORDER BY next_attempt_at, id
       LIMIT $2
       FOR UPDATE SKIP LOCKED
     ),
     claimed AS (
       UPDATE deliveries d SET state = 'sending', lease_owner = $3, lease_expires_at = $1::bigint + $4::bigint,
         request_started_at = CASE WHEN $5::boolean THEN $1::bigint ELSE NULL END,
         attempts = d.attempts + CASE WHEN $5::boolean THEN 1 ELSE 0 END, updated_at = $1
       WHERE d.id = ANY(ARRAY(SELECT id FROM picked))
       RETURNING d.id, d.notification_id, d.device_id, d.token, d.project,
         d.attempts - CASE WHEN $5::boolean THEN 1 ELSE 0 END AS attempts, d.next_attempt_at
     ),
     locked AS (
       SELECT n.id FROM notifications n
       WHERE n.id IN (SELECT notification_id FROM claimed) AND n.status <> 'sending'
       ORDER BY n.id FOR NO KEY UPDATE
     ),
     marked AS (
       UPDATE notifications n SET status = 'sending', updated_at = $1
       WHERE n.id = ANY(ARRAY(SELECT id FROM locked)) AND n.status <> 'opened'
     )
     SELECT c.id, c.notification_id AS "notificationId", c.token,
       COALESCE((SELECT v.project FROM devices v WHERE v.id = c.device_id), c.project) AS project,
       c.attempts, n.content
     FROM claimed c JOIN notifications n ON n.id = c.notification_id
     ORDER BY c.next_attempt_at, c.id`,
    [opts.now, opts.limit, opts.owner, opts.leaseMs, opts.startNow === true],
    'pushgate_claim',
  );
  return rows;
}

/**
 * A request carrying these deliveries is about to be written: attempts += 1 and the lease is
 * extended. Returns the ids still leased by `owner`: only those may be sent.
 */
export async function markRequestStarted(db: Db, ids: string[], owner: string, now: number, leaseExpiresAt: number): Promise<string[]> {
  if (ids.length === 0) return [];
  const { rows } = await query<{ id: string }>(
    db,
    `UPDATE deliveries SET attempts = attempts + 1, request_started_at = $3, lease_expires_at = $4, updated_at = $3
     WHERE id = ANY($1::text[]) AND state = 'sending' AND lease_owner = $2
     RETURNING id`,
    [ids, owner, now, leaseExpiresAt],
  );
  return rows.map((r) => r.id);
}

/**
 * Every outcome of one Expo answer, in one transaction. A notification whose only delivery is
 * one of these takes that delivery's new state as its status in the same statement: no other
 * transaction can change its deliveries meanwhile (this one holds the row). The others are
 * locked here and derived by the next statement (see status.ts).
 */
export async function applyTickets(db: Db, outcomes: TicketOutcome[], now: number): Promise<void> {
  if (outcomes.length === 0) return;
  const col = <T>(pick: (o: TicketOutcome) => T | null) => outcomes.map((o) => pick(o) ?? null);
  await transaction(db, async (client) => {
    // `d.id = ANY($1)` repeats the join on t for the planner: it makes the primary key the way in
    // (a lagging row estimate for `state = 'sending'` had it scan deliveries_lease_idx instead).
    const { rows } = await client.query<{ notification_id: string }>(
      `WITH t AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::bigint[], $8::boolean[])
           AS t(id, kind, ticket_id, receipt_due_at, code, message, next_attempt_at, deactivate)
       ),
       updated AS (
         UPDATE deliveries d SET
           state = CASE t.kind WHEN 'ok' THEN 'sent' WHEN 'retry' THEN 'retrying' ELSE 'failed' END,
           ticket_id = CASE WHEN t.kind = 'ok' THEN t.ticket_id ELSE d.ticket_id END,
           receipt_due_at = CASE WHEN t.kind = 'ok' THEN t.receipt_due_at ELSE NULL END,
           sent_at = CASE WHEN t.kind = 'ok' THEN $9 ELSE d.sent_at END,
           next_attempt_at = CASE WHEN t.kind = 'retry' THEN t.next_attempt_at ELSE NULL END,
           error_code = CASE WHEN t.kind = 'ok' THEN NULL ELSE t.code END,
           error_message = CASE WHEN t.kind = 'ok' THEN NULL ELSE t.message END,
           completed_at = CASE WHEN t.kind IN ('error', 'exhausted') THEN $9 ELSE NULL END,
           ${CLEAR_LEASE}, updated_at = $9
         FROM t WHERE d.id = t.id AND d.id = ANY($1::text[]) AND d.state = 'sending'
         RETURNING d.id, d.notification_id, d.state, d.sent_at, d.token, t.deactivate, t.code
       ),
       deactivated AS (
         UPDATE devices v SET active = false, deactivation_reason = u.code, updated_at = $9
         FROM updated u WHERE u.deactivate AND v.token = u.token AND v.active
       ),
       alone AS (
         SELECT u.notification_id, u.state, u.sent_at FROM updated u
         WHERE NOT EXISTS (SELECT 1 FROM deliveries o WHERE ${deliveryOfSql('o', 'u.notification_id')} AND o.id <> u.id)
       ),
       alone_derived AS (
         UPDATE notifications n SET status = CASE WHEN n.status = 'opened' THEN 'opened' ELSE a.state END,
           sent_at = COALESCE(n.sent_at, a.sent_at), updated_at = $9
         FROM alone a WHERE n.id = a.notification_id
       ),
       locked AS (${lockNotificationsSql('SELECT notification_id FROM updated EXCEPT SELECT notification_id FROM alone')})
       SELECT id AS notification_id FROM locked`,
      [
        col((o) => o.deliveryId),
        col((o) => o.kind),
        col((o) => (o.kind === 'ok' ? o.ticketId : null)),
        col((o) => (o.kind === 'ok' ? o.receiptDueAt : null)),
        col((o) => (o.kind === 'ok' ? null : o.code)),
        col((o) => (o.kind === 'ok' ? null : o.message)),
        col((o) => (o.kind === 'retry' ? o.nextAttemptAt : null)),
        col((o) => o.kind === 'error' && o.deactivateDevice),
        now,
      ],
    );
    // The lock was taken by the statement above; deriving needs a statement (snapshot) after it.
    await deriveStatuses(
      client,
      rows.map((r) => r.notification_id),
      now,
    );
  });
}

/** Request-level failure known not to have landed: `retrying` at nextAttemptAt, or `failed`. */
export async function releaseDeliveries(
  db: Db,
  ids: string[],
  opts: { nextAttemptAt: number | null; code: string; message: string; undoAttempt?: boolean },
  now: number,
): Promise<void> {
  if (ids.length === 0) return;
  await transaction(db, async (client) => {
    const { rows } = await client.query<{ notification_id: string }>(
      `UPDATE deliveries SET
         state = CASE WHEN $2::bigint IS NULL THEN 'failed' ELSE 'retrying' END,
         next_attempt_at = $2,
         completed_at = CASE WHEN $2::bigint IS NULL THEN $6::bigint ELSE NULL END,
         attempts = CASE WHEN $5 THEN greatest(attempts - 1, 0) ELSE attempts END,
         error_code = $3, error_message = $4, ${CLEAR_LEASE}, updated_at = $6
       WHERE id = ANY($1::text[]) AND state = 'sending'
       RETURNING notification_id`,
      [ids, opts.nextAttemptAt, opts.code, opts.message, opts.undoAttempt ?? false, now],
    );
    await refreshStatuses(
      client,
      rows.map((r) => r.notification_id),
      now,
    );
    if (rows.length > 0 && opts.nextAttemptAt !== null && opts.nextAttemptAt <= now) await notifyWork(db, client);
  });
}

/** The request may have reached Expo but no answer came: `maybe_delivered`, never resent. */
export async function markMaybeDelivered(db: Db, ids: string[], code: string, message: string, now: number): Promise<void> {
  if (ids.length === 0) return;
  await transaction(db, async (client) => {
    const { rows } = await client.query<{ notification_id: string }>(
      `UPDATE deliveries SET state = 'maybe_delivered', next_attempt_at = NULL, completed_at = $4,
         error_code = $2, error_message = $3, ${CLEAR_LEASE}, updated_at = $4
       WHERE id = ANY($1::text[]) AND state = 'sending'
       RETURNING notification_id`,
      [ids, code, message, now],
    );
    await refreshStatuses(
      client,
      rows.map((r) => r.notification_id),
      now,
    );
  });
}

/**
 * Leases past their expiry: back to `queued` when no request was started, `maybe_delivered`
 * (LeaseExpired) otherwise. SKIP LOCKED lets every process run this at once.
 */
export async function recoverExpiredLeases(db: Db, now: number): Promise<{ requeued: number; maybeDelivered: number }> {
  return transaction(db, async (client) => {
    const { rows } = await client.query<{ notification_id: string; state: string }>(
      `WITH expired AS (
         SELECT id FROM deliveries WHERE state = 'sending' AND lease_expires_at < $1
         FOR UPDATE SKIP LOCKED
       )
       UPDATE deliveries d SET
         state = CASE WHEN d.request_started_at IS NULL THEN 'queued' ELSE 'maybe_delivered' END,
         completed_at = CASE WHEN d.request_started_at IS NULL THEN NULL ELSE $1::bigint END,
         error_code = CASE WHEN d.request_started_at IS NULL THEN d.error_code ELSE 'LeaseExpired' END,
         error_message = CASE WHEN d.request_started_at IS NULL THEN d.error_message
           ELSE 'the process sending it stopped before recording the answer' END,
         next_attempt_at = CASE WHEN d.request_started_at IS NULL THEN $1::bigint ELSE NULL END,
         ${CLEAR_LEASE}, updated_at = $1
       FROM expired WHERE d.id = expired.id
       RETURNING d.notification_id, d.state`,
      [now],
    );
    await refreshStatuses(
      client,
      rows.map((r) => r.notification_id),
      now,
    );
    const requeued = rows.filter((r) => r.state === 'queued').length;
    if (requeued > 0) await notifyWork(db, client);
    return { requeued, maybeDelivered: rows.length - requeued };
  });
}

export async function nextDueAt(db: Db): Promise<number | null> {
  const { rows } = await query<{ at: number | null }>(db, `SELECT min(next_attempt_at) AS at FROM deliveries WHERE state IN ('queued', 'retrying')`);
  return rows[0]?.at ?? null;
}
