/**
 * Dispatching: claiming due deliveries under a lease, writing Expo's answers, releasing, and
 * recovering dead leases. Each runs in one IMMEDIATE transaction, so two processes sharing the
 * file never take the same delivery, and re-derives the affected notifications' status in it.
 * Updates apply only to deliveries still `sending`: a late answer never overwrites a recovered row.
 */
import type { MessageContent } from '../../domain/message.js';
import type { BulkUpdate, ClaimedDelivery, ClaimOptions, LeaseRecovery, TicketUpdate } from '../port.js';
import { bulkColumns, ticketColumns, WAITING_SQL } from '../sql.js';
import { type Db, jsonList } from './connection.js';
import { deactivateDevices } from './devices.js';
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
  paused: number;
}

/** Due work, oldest first: walks deliveries_due_idx, so finished rows cost nothing. */
export const DUE_SQL = `
  SELECT d.id, d.notification_id AS notificationId, d.token, COALESCE(v.project, d.project) AS project,
    d.attempts, n.content, EXISTS (SELECT 1 FROM recipients r WHERE r.user_id = n.user_id AND r.paused = 1) AS paused
  FROM deliveries d
  JOIN notifications n ON n.id = d.notification_id
  LEFT JOIN devices v ON v.id = d.device_id
  WHERE d.state IN (${WAITING_SQL}) AND d.next_attempt_at <= ?
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
    const contents = new Map<string, MessageContent>();
    return due.map((row) => {
      let content = contents.get(row.content);
      if (!content) {
        content = JSON.parse(row.content) as MessageContent;
        contents.set(row.content, content);
      }
      const { id, notificationId, token, project, attempts } = row;
      return { id, notificationId, token, project, attempts, content, paused: row.paused === 1 };
    });
  });
}

/** Of `ids`, those still `sending` under `owner`'s lease, in input order (inside a write transaction). */
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

/** Marks a request started for deliveries `owner` holds (attempts + 1); returns those marked, in input order. */
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

/**
 * Every update of one Expo answer, in one transaction. Tickets are nearly always `sent` and share
 * one receipt due time: those go in one statement; the rest one statement each.
 */
export function applyTickets(db: Db, updates: TicketUpdate[], now: number): void {
  if (updates.length === 0) return;
  const sent = db.prepare(`
    UPDATE deliveries SET state = 'sent', ticket_id = t.value ->> '$[1]', receipt_due_at = t.value ->> '$[2]', sent_at = @now,
      next_attempt_at = NULL, error_code = NULL, error_message = NULL, completed_at = NULL, ${CLEAR_LEASE}, updated_at = @now
    FROM json_each(@tickets) AS t
    WHERE deliveries.id = t.value ->> '$[0]' AND deliveries.state = 'sending'
    RETURNING notification_id`);
  const other = db.prepare(`
    UPDATE deliveries SET state = @state, error_code = @errorCode, error_message = @errorMessage, next_attempt_at = @nextAttemptAt,
      receipt_due_at = NULL, completed_at = @completedAt, ${CLEAR_LEASE}, updated_at = @now
    WHERE id = @id AND state = 'sending'
    RETURNING notification_id, token`);
  db.write(() => {
    const tickets: [string, string | null, number | null][] = [];
    const touched: string[] = [];
    const dead: { token: string; reason: string }[] = [];
    for (const update of updates) {
      const c = ticketColumns(update, now);
      if (c.state === 'sent') {
        tickets.push([update.deliveryId, c.ticketId, c.receiptDueAt]);
        continue;
      }
      const { state, errorCode, errorMessage, nextAttemptAt, completedAt } = c;
      const row = other.get({ id: update.deliveryId, state, errorCode, errorMessage, nextAttemptAt, completedAt, now }) as
        | { notification_id: string; token: string }
        | undefined;
      if (!row) continue;
      touched.push(row.notification_id);
      if (c.deactivate) dead.push({ token: row.token, reason: errorCode ?? 'Deactivated' });
    }
    if (tickets.length > 0) touched.push(...(sent.pluck().all({ tickets: JSON.stringify(tickets), now }) as string[]));
    deactivateDevices(db, dead, now);
    refreshStatuses(db, touched, now);
  });
}

/** Moves deliveries still `sending` to the update's state; returns how many moved. */
/** Moves deliveries still `sending`, by id, to the update's state; returns how many moved. */
export function releaseDeliveries(db: Db, ids: string[], update: BulkUpdate, now: number): number {
  if (ids.length === 0) return 0;
  return release(db, 'id', ids, update, now);
}

/** Moves every delivery still `sending` under these lease owners to the update's state; returns how many moved. */
export function releaseClaims(db: Db, owners: readonly string[], update: BulkUpdate, now: number): number {
  if (owners.length === 0) return 0;
  return release(db, 'lease_owner', owners, update, now);
}

function release(db: Db, column: 'id' | 'lease_owner', keys: readonly string[], update: BulkUpdate, now: number): number {
  return db.write(() => {
    // An attempt is undone only where a request was started for it.
    const touched = db
      .prepare(`
        UPDATE deliveries SET state = @state, next_attempt_at = @nextAttemptAt, completed_at = @completedAt,
          attempts = CASE WHEN @undo AND request_started_at IS NOT NULL THEN max(attempts - 1, 0) ELSE attempts END,
          error_code = @errorCode, error_message = @errorMessage, ${CLEAR_LEASE}, updated_at = @now
        WHERE ${column} IN (SELECT value FROM json_each(@keys)) AND state = 'sending'
        RETURNING notification_id`)
      .pluck()
      .all({ ...bulkColumns(update, now), keys: jsonList(keys), undo: update.undoAttempt ? 1 : 0, now }) as string[];
    refreshStatuses(db, touched, now);
    return touched.length;
  });
}

/**
 * Leases of one kind (a request started for them, or not), expired or held by a dead process
 * (`@dead`, a JSON list of process ids; lease owners are `<process id>#<n>`), to the state the
 * caller names. Sending rows are only those in flight: the partial index holds just them.
 */
export const RECOVER_SQL = `
  UPDATE deliveries SET state = @state, next_attempt_at = @nextAttemptAt, completed_at = @completedAt,
    error_code = COALESCE(@errorCode, error_code), error_message = COALESCE(@errorMessage, error_message),
    ${CLEAR_LEASE}, updated_at = @now
  WHERE state = 'sending' AND (request_started_at IS NOT NULL) = @started
    AND (lease_expires_at < @now OR substr(lease_owner, 1, instr(lease_owner, '#') - 1) IN (SELECT value FROM json_each(@dead)))
  RETURNING notification_id`;

/** `recovery.notStarted` when no request was started for them, `recovery.started` otherwise. */
export function recoverExpiredLeases(
  db: Db,
  now: number,
  recovery: LeaseRecovery,
  deadProcesses: readonly string[] = [],
): { notStarted: number; started: number } {
  const update = db.prepare(RECOVER_SQL);
  const dead = jsonList(deadProcesses);
  return db.write(() => {
    const notStarted = update.pluck().all({ ...bulkColumns(recovery.notStarted, now), now, started: 0, dead }) as string[];
    const started = update.pluck().all({ ...bulkColumns(recovery.started, now), now, started: 1, dead }) as string[];
    refreshStatuses(db, [...notStarted, ...started], now);
    return { notStarted: notStarted.length, started: started.length };
  });
}

export const NEXT_DUE_SQL = `SELECT min(next_attempt_at) FROM deliveries WHERE state IN (${WAITING_SQL})`;

export function nextDueAt(db: Db): number | null {
  const at = db.prepare(NEXT_DUE_SQL).pluck().get();
  return (at as number | null) ?? null;
}
