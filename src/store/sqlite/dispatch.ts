/**
 * Dispatching: claiming due deliveries under a lease, applying Expo's answers, releasing, and
 * recovering dead leases. Each runs in one IMMEDIATE transaction, so two processes sharing the
 * file never take the same delivery, and re-derives the affected notifications' status in it.
 * Outcomes apply only to deliveries still `sending`: a late answer never overwrites a recovered row.
 */
import type { PushMessageContent } from '../../expo/message.js';
import type { ClaimedDelivery, ClaimOptions, TicketOutcome } from '../store.js';
import { type Db, jsonList } from './connection.js';
import { refreshStatuses } from './status.js';

/** Leaving `sending`: the lease fields go. */
const CLEAR_LEASE = 'lease_owner = NULL, lease_expires_at = NULL, request_started_at = NULL';

interface DueRow {
  id: string;
  notificationId: string;
  token: string;
  project: string | null;
  attempts: number;
  content: string;
}

/** Due work, oldest first: walks deliveries_due_idx, so finished rows cost nothing. */
export const DUE_SQL = `
  SELECT d.id, d.notification_id AS notificationId, d.token, COALESCE(v.project, d.project) AS project,
    d.attempts, n.content
  FROM deliveries d
  JOIN notifications n ON n.id = d.notification_id
  LEFT JOIN devices v ON v.id = d.device_id
  WHERE d.state IN ('queued', 'retrying') AND d.next_attempt_at <= ?
  ORDER BY d.next_attempt_at, d.id
  LIMIT ?`;

/** Oldest due first; the project is the device's when learned since the delivery was queued. */
export function claimDueDeliveries(db: Db, opts: ClaimOptions): ClaimedDelivery[] {
  if (opts.limit <= 0) return [];
  return db.write(() => {
    const due = db.prepare(DUE_SQL).all(opts.now, opts.limit) as DueRow[];
    if (due.length === 0) return [];
    db.prepare(`
      UPDATE deliveries SET state = 'sending', lease_owner = @owner, lease_expires_at = @leaseExpiresAt,
        request_started_at = CASE WHEN @startNow THEN @now ELSE NULL END, attempts = attempts + @startNow, updated_at = @now
      WHERE id IN (SELECT value FROM json_each(@ids))`).run({
      owner: opts.owner,
      leaseExpiresAt: opts.now + opts.leaseMs,
      now: opts.now,
      startNow: opts.startNow ? 1 : 0,
      ids: jsonList(due.map((d) => d.id)),
    });
    // Claiming only ever makes a notification `sending` (top precedence): no full re-derivation.
    const notificationIds = [...new Set(due.map((d) => d.notificationId))];
    db.prepare(`
      UPDATE notifications SET status = 'sending', updated_at = ?
      WHERE id IN (SELECT value FROM json_each(?)) AND status NOT IN ('sending', 'opened')`).run(opts.now, jsonList(notificationIds));
    // Parsed once per distinct text: a fan-out's notifications all carry the same content.
    const contents = new Map<string, PushMessageContent>();
    return due.map((row) => {
      let content = contents.get(row.content);
      if (!content) {
        content = JSON.parse(row.content) as PushMessageContent;
        contents.set(row.content, content);
      }
      // attempts as before this request, as with startRequest (the dispatcher counts this one itself)
      const { id, notificationId, token, project, attempts } = row;
      return { id, notificationId, token, project, attempts, content };
    });
  });
}

/**
 * A request carrying these deliveries is about to be written: attempts += 1 and the lease extended,
 * for the rows `owner` still holds. Returns their ids (input order): only those may be sent.
 */
export function markRequestStarted(db: Db, ids: string[], owner: string, now: number, leaseExpiresAt: number): string[] {
  if (ids.length === 0) return [];
  return db.write(() => markStarted(db, ids, owner, now, leaseExpiresAt));
}

/** Of `ids`, those still `sending` under `owner`'s lease, in input order. */
export function heldBy(db: Db, ids: string[], owner: string): string[] {
  const held = new Set(
    db
      .prepare(`SELECT id FROM deliveries WHERE id IN (SELECT value FROM json_each(?)) AND state = 'sending' AND lease_owner = ?`)
      .pluck()
      .all(jsonList(ids), owner) as string[],
  );
  return ids.filter((id) => held.has(id));
}

/** Pushes the lease of deliveries `owner` still holds to `leaseExpiresAt` (inside a write transaction). */
export function extendLease(db: Db, ids: string[], owner: string, now: number, leaseExpiresAt: number): void {
  if (ids.length === 0) return;
  db.prepare(`
    UPDATE deliveries SET lease_expires_at = max(lease_expires_at, ?), updated_at = ?
    WHERE id IN (SELECT value FROM json_each(?)) AND state = 'sending' AND lease_owner = ?`).run(leaseExpiresAt, now, jsonList(ids), owner);
}

/** markRequestStarted inside the caller's write transaction (startRequest uses it too). */
export function markStarted(db: Db, ids: string[], owner: string, now: number, leaseExpiresAt: number): string[] {
  const marked = db
    .prepare(`
      UPDATE deliveries SET attempts = attempts + 1, request_started_at = @now, lease_expires_at = @leaseExpiresAt,
        updated_at = @now
      WHERE id IN (SELECT value FROM json_each(@ids)) AND state = 'sending' AND lease_owner = @owner
      RETURNING id`)
    .pluck()
    .all({ now, leaseExpiresAt, ids: jsonList(ids), owner }) as string[];
  const set = new Set(marked);
  return ids.filter((id) => set.has(id));
}

/** Every outcome of one Expo answer, in one transaction. */
export function applyTickets(db: Db, outcomes: TicketOutcome[], now: number): void {
  if (outcomes.length === 0) return;
  // Tickets are nearly always ok and share one receipt due time: one statement for all of them.
  const ok = db.prepare(`
    UPDATE deliveries SET state = 'sent', ticket_id = t.value ->> '$[1]', receipt_due_at = t.value ->> '$[2]', sent_at = @now,
      next_attempt_at = NULL, error_code = NULL, error_message = NULL, ${CLEAR_LEASE}, updated_at = @now
    FROM json_each(@tickets) AS t
    WHERE deliveries.id = t.value ->> '$[0]' AND deliveries.state = 'sending'
    RETURNING notification_id`);
  const failed = db.prepare(`
    UPDATE deliveries SET state = 'failed', error_code = @code, error_message = @message, next_attempt_at = NULL,
      receipt_due_at = NULL, completed_at = @now, ${CLEAR_LEASE}, updated_at = @now
    WHERE id = @id AND state = 'sending'
    RETURNING notification_id, token`);
  const retry = db.prepare(`
    UPDATE deliveries SET state = 'retrying', error_code = @code, error_message = @message,
      next_attempt_at = @nextAttemptAt, ${CLEAR_LEASE}, updated_at = @now
    WHERE id = @id AND state = 'sending'
    RETURNING notification_id, token`);
  const deactivate = db.prepare('UPDATE devices SET active = 0, deactivation_reason = ?, updated_at = ? WHERE token = ? AND active = 1');
  db.write(() => {
    const tickets: [string, string, number][] = [];
    const touched: string[] = [];
    for (const o of outcomes) {
      if (o.kind === 'ok') {
        tickets.push([o.deliveryId, o.ticketId, o.receiptDueAt]);
        continue;
      }
      let row: { notification_id: string; token: string } | undefined;
      if (o.kind === 'retry') row = retry.get({ id: o.deliveryId, code: o.code, message: o.message, nextAttemptAt: o.nextAttemptAt, now }) as typeof row;
      else row = failed.get({ id: o.deliveryId, code: o.code, message: o.message, now }) as typeof row;
      if (!row) continue;
      touched.push(row.notification_id);
      if (o.kind === 'error' && o.deactivateDevice) deactivate.run(o.code, now, row.token);
    }
    if (tickets.length > 0) touched.push(...(ok.pluck().all({ tickets: JSON.stringify(tickets), now }) as string[]));
    refreshStatuses(db, touched, now);
  });
}

/** Request-level failure known not to have landed: `retrying` at nextAttemptAt, or `failed`. Returns how many moved. */
export function releaseDeliveries(
  db: Db,
  ids: string[],
  opts: { nextAttemptAt: number | null; code: string; message: string; undoAttempt?: boolean },
  now: number,
): number {
  if (ids.length === 0) return 0;
  return db.write(() => {
    const touched = db
      .prepare(`
        UPDATE deliveries SET
          state = CASE WHEN @next IS NULL THEN 'failed' ELSE 'retrying' END,
          next_attempt_at = @next,
          completed_at = CASE WHEN @next IS NULL THEN @now ELSE NULL END,
          attempts = CASE WHEN @undo THEN max(attempts - 1, 0) ELSE attempts END,
          error_code = @code, error_message = @message, ${CLEAR_LEASE}, updated_at = @now
        WHERE id IN (SELECT value FROM json_each(@ids)) AND state = 'sending'
        RETURNING notification_id`)
      .pluck()
      .all({
        ids: jsonList(ids),
        next: opts.nextAttemptAt,
        code: opts.code,
        message: opts.message,
        undo: opts.undoAttempt ? 1 : 0,
        now,
      }) as string[];
    refreshStatuses(db, touched, now);
    return touched.length;
  });
}

/** The request may have reached Expo but no answer came: `maybe_delivered`, never resent. */
export function markMaybeDelivered(db: Db, ids: string[], code: string, message: string, now: number): void {
  if (ids.length === 0) return;
  db.write(() => {
    const touched = db
      .prepare(`
        UPDATE deliveries SET state = 'maybe_delivered', next_attempt_at = NULL, completed_at = @now,
          error_code = @code, error_message = @message, ${CLEAR_LEASE}, updated_at = @now
        WHERE id IN (SELECT value FROM json_each(@ids)) AND state = 'sending'
        RETURNING notification_id`)
      .pluck()
      .all({ ids: jsonList(ids), code, message, now }) as string[];
    refreshStatuses(db, touched, now);
  });
}

/**
 * Leases expired (lease_expires_at < now): back to `queued`, due now, when no request was started;
 * `maybe_delivered` with LeaseExpired otherwise.
 */
export const RECOVER_SQL = `
  UPDATE deliveries SET
    state = CASE WHEN request_started_at IS NULL THEN 'queued' ELSE 'maybe_delivered' END,
    next_attempt_at = CASE WHEN request_started_at IS NULL THEN @now ELSE NULL END,
    completed_at = CASE WHEN request_started_at IS NULL THEN NULL ELSE @now END,
    error_code = CASE WHEN request_started_at IS NULL THEN error_code ELSE 'LeaseExpired' END,
    error_message = CASE WHEN request_started_at IS NULL THEN error_message
      ELSE 'the process sending it stopped before recording the answer' END,
    ${CLEAR_LEASE}, updated_at = @now
  WHERE state = 'sending' AND lease_expires_at < @now
  RETURNING notification_id, state`;

export function recoverExpiredLeases(db: Db, now: number): { requeued: number; maybeDelivered: number } {
  return db.write(() => {
    const rows = db.prepare(RECOVER_SQL).raw().all({ now }) as [string, string][];
    refreshStatuses(
      db,
      rows.map((r) => r[0]),
      now,
    );
    const requeued = rows.filter((r) => r[1] === 'queued').length;
    return { requeued, maybeDelivered: rows.length - requeued };
  });
}

export const NEXT_DUE_SQL = "SELECT min(next_attempt_at) FROM deliveries WHERE state IN ('queued', 'retrying')";

export function nextDueAt(db: Db): number | null {
  const at = db.prepare(NEXT_DUE_SQL).pluck().get();
  return (at as number | null) ?? null;
}
