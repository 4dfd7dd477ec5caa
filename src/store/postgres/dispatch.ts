/**
 * Dispatching: claiming due deliveries under a lease (FOR UPDATE SKIP LOCKED, so two processes
 * never get the same row), applying Expo's answers, releasing, and recovering dead leases.
 * Every change re-derives the affected notifications' status in the same transaction. Outcomes
 * apply only to deliveries still `sending`: a late answer never overwrites a recovered row.
 */
import type { BulkUpdate, ClaimedDelivery, ClaimOptions, LeaseRecovery, TicketUpdate } from '../port.js';
import { bulkColumns, dueNow, ticketColumns, WAITING_SQL } from '../sql.js';
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
       WHERE state IN (${WAITING_SQL}) AND next_attempt_at <= $1
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
 * Every update of one Expo answer, in one transaction. A notification whose only delivery is
 * one of these takes that delivery's new state as its status in the same statement: no other
 * transaction can change its deliveries meanwhile (this one holds the row). The others are
 * locked here and derived by the next statement (see status.ts).
 */
export async function applyTickets(db: Db, updates: TicketUpdate[], now: number): Promise<void> {
  if (updates.length === 0) return;
  const columns = updates.map((u) => ticketColumns(u, now));
  const col = <K extends keyof (typeof columns)[number]>(key: K) => columns.map((c) => c[key]);
  await transaction(db, async (client) => {
    // `d.id = ANY($1)` repeats the join on t for the planner: it makes the primary key the way in
    // (a lagging row estimate for `state = 'sending'` had it scan deliveries_lease_idx instead).
    const { rows } = await client.query<{ notification_id: string }>(
      `WITH t AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[], $7::text[], $8::bigint[], $9::bigint[], $10::boolean[])
           AS t(id, state, ticket_id, receipt_due_at, next_attempt_at, code, message, sent_at, completed_at, deactivate)
       ),
       updated AS (
         UPDATE deliveries d SET state = t.state, ticket_id = COALESCE(t.ticket_id, d.ticket_id), receipt_due_at = t.receipt_due_at,
           sent_at = COALESCE(t.sent_at, d.sent_at), next_attempt_at = t.next_attempt_at, error_code = t.code,
           error_message = t.message, completed_at = t.completed_at, ${CLEAR_LEASE}, updated_at = $11
         FROM t WHERE d.id = t.id AND d.id = ANY($1::text[]) AND d.state = 'sending'
         RETURNING d.id, d.notification_id, d.state, d.sent_at, d.token, t.deactivate, t.code
       ),
       deactivated AS (
         UPDATE devices v SET active = false, deactivation_reason = COALESCE(u.code, 'Deactivated'), updated_at = $11
         FROM updated u WHERE u.deactivate AND v.token = u.token AND v.active
       ),
       alone AS (
         SELECT u.notification_id, u.state, u.sent_at FROM updated u
         WHERE NOT EXISTS (SELECT 1 FROM deliveries o WHERE ${deliveryOfSql('o', 'u.notification_id')} AND o.id <> u.id)
       ),
       alone_derived AS (
         UPDATE notifications n SET status = CASE WHEN n.status = 'opened' THEN 'opened' ELSE a.state END,
           sent_at = COALESCE(n.sent_at, a.sent_at), updated_at = $11
         FROM alone a WHERE n.id = a.notification_id
       ),
       locked AS (${lockNotificationsSql('SELECT notification_id FROM updated EXCEPT SELECT notification_id FROM alone')})
       SELECT id AS notification_id FROM locked`,
      [
        updates.map((u) => u.deliveryId),
        col('state'),
        col('ticketId'),
        col('receiptDueAt'),
        col('nextAttemptAt'),
        col('errorCode'),
        col('errorMessage'),
        col('sentAt'),
        col('completedAt'),
        col('deactivate'),
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

/** Moves deliveries still `sending`, by id, to the update's state. */
export async function releaseDeliveries(db: Db, ids: string[], update: BulkUpdate, now: number): Promise<void> {
  if (ids.length === 0) return;
  await release(db, 'id', ids, update, now);
}

/** Moves every delivery still `sending` under these lease owners to the update's state. */
export async function releaseClaims(db: Db, owners: readonly string[], update: BulkUpdate, now: number): Promise<void> {
  if (owners.length === 0) return;
  await release(db, 'lease_owner', owners, update, now);
}

async function release(db: Db, column: 'id' | 'lease_owner', keys: readonly string[], update: BulkUpdate, now: number): Promise<void> {
  const c = bulkColumns(update, now);
  await transaction(db, async (client) => {
    // An attempt is undone only where a request was started for it.
    const { rows } = await client.query<{ notification_id: string }>(
      `UPDATE deliveries SET state = $2, next_attempt_at = $3, completed_at = $4,
         attempts = CASE WHEN $5 AND request_started_at IS NOT NULL THEN greatest(attempts - 1, 0) ELSE attempts END,
         error_code = $6, error_message = $7, ${CLEAR_LEASE}, updated_at = $8
       WHERE ${column} = ANY($1::text[]) AND state = 'sending'
       RETURNING notification_id`,
      [keys, c.state, c.nextAttemptAt, c.completedAt, update.undoAttempt === true, c.errorCode, c.errorMessage, now],
    );
    await refreshStatuses(
      client,
      rows.map((r) => r.notification_id),
      now,
    );
    if (rows.length > 0 && dueNow(update, now)) await notifyWork(db, client);
  });
}

/**
 * Leases past their expiry or held by a dead process (lease owners are `<process id>#<n>`):
 * `recovery.notStarted` when no request was started for them, `recovery.started` otherwise. SKIP
 * LOCKED lets every process run this at once. Sending rows are only those in flight.
 */
export async function recoverExpiredLeases(
  db: Db,
  now: number,
  recovery: LeaseRecovery,
  deadProcesses: readonly string[] = [],
): Promise<{ notStarted: number; started: number }> {
  const [fresh, started] = [bulkColumns(recovery.notStarted, now), bulkColumns(recovery.started, now)];
  return transaction(db, async (client) => {
    const { rows } = await client.query<{ notification_id: string; started: boolean }>(
      `WITH expired AS (
         SELECT id, request_started_at IS NOT NULL AS started FROM deliveries
         WHERE state = 'sending' AND (lease_expires_at < $1 OR split_part(lease_owner, '#', 1) = ANY($12::text[]))
         FOR UPDATE SKIP LOCKED
       ),
       rule AS (
         SELECT * FROM (VALUES (false, $2::text, $3::bigint, $4::bigint, $5::text, $6::text), (true, $7, $8, $9, $10, $11))
           AS r(started, state, next_attempt_at, completed_at, code, message)
       )
       UPDATE deliveries d SET state = r.state, next_attempt_at = r.next_attempt_at, completed_at = r.completed_at,
         error_code = COALESCE(r.code, d.error_code), error_message = COALESCE(r.message, d.error_message),
         ${CLEAR_LEASE}, updated_at = $1
       FROM expired e JOIN rule r ON r.started = e.started WHERE d.id = e.id
       RETURNING d.notification_id, e.started`,
      [now, ...[fresh, started].flatMap((c) => [c.state, c.nextAttemptAt, c.completedAt, c.errorCode, c.errorMessage]), deadProcesses],
    );
    await refreshStatuses(
      client,
      rows.map((r) => r.notification_id),
      now,
    );
    const startedCount = rows.filter((r) => r.started).length;
    const result = { notStarted: rows.length - startedCount, started: startedCount };
    if ((result.notStarted > 0 && dueNow(recovery.notStarted, now)) || (result.started > 0 && dueNow(recovery.started, now))) {
      await notifyWork(db, client);
    }
    return result;
  });
}

export async function nextDueAt(db: Db): Promise<number | null> {
  const { rows } = await query<{ at: number | null }>(db, `SELECT min(next_attempt_at) AS at FROM deliveries WHERE state IN (${WAITING_SQL})`);
  return rows[0]?.at ?? null;
}
