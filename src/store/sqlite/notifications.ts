/** Notifications and batches: reads, opened, deletes, cancellation. (Queuing: enqueue.ts; lists: listing.ts.) */
import type { BatchRecord, NotificationRecord, NotificationWithDeliveries } from '../../domain/records.js';
import type { NotificationStatus } from '../../domain/states.js';
import { type BatchRow, DELIVERY_COLUMNS, type DeliveryRow, NOTIFICATION_COLUMNS, type NotificationRow, toBatch, toDelivery, toNotification } from '../rows.js';
import { WAITING_SQL } from '../sql.js';
import type { Db } from './connection.js';
import { refreshStatuses } from './status.js';

export function createBatch(db: Db, batch: BatchRecord): void {
  db.write(() =>
    db
      .prepare('INSERT INTO batches (id, total, queued, skipped, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(batch.id, batch.total, batch.queued, batch.skipped, batch.createdAt),
  );
}

export function getBatch(db: Db, id: string): BatchRecord | null {
  const row = db.prepare('SELECT * FROM batches WHERE id = ?').get(id) as BatchRow | undefined;
  return row ? toBatch(row) : null;
}

export function getNotification(db: Db, id: string): NotificationWithDeliveries | null {
  const row = db.prepare(`SELECT ${NOTIFICATION_COLUMNS} FROM notifications WHERE id = ?`).get(id) as NotificationRow | undefined;
  if (!row) return null;
  const deliveries = db.prepare(`SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE notification_id = ? ORDER BY created_at, id`).all(id) as DeliveryRow[];
  return { ...toNotification(row), deliveries: deliveries.map(toDelivery) };
}

export function countBatchStatuses(db: Db, batchId: string): Partial<Record<NotificationStatus, number>> {
  const rows = db.prepare('SELECT status, count(*) FROM notifications WHERE batch_id = ? GROUP BY status').raw().all(batchId) as [NotificationStatus, number][];
  return Object.fromEntries(rows);
}

/** Sets `opened` (which then stays) and openedAt (the latest report wins). */
export function markOpened(db: Db, id: string, openedAt: number, now: number): NotificationRecord | null {
  const row = db.write(() =>
    db
      .prepare(`
        UPDATE notifications SET status = 'opened', opened_at = @openedAt, updated_at = @now
        WHERE id = @id RETURNING ${NOTIFICATION_COLUMNS}`)
      .get({ id, openedAt, now }),
  ) as NotificationRow | undefined;
  return row ? toNotification(row) : null;
}

/** Deletes a notification; its deliveries go with it (ON DELETE CASCADE). */
export function deleteNotification(db: Db, id: string): boolean {
  return db.write(() => db.prepare('DELETE FROM notifications WHERE id = ?').run(id).changes > 0);
}

export function deleteNotificationsForUser(db: Db, userId: string): number {
  return db.write(() => db.prepare('DELETE FROM notifications WHERE user_id = ?').run(userId).changes);
}

/** Cancels the deliveries of a notification still waiting to be sent. */
export function cancelPending(db: Db, notificationId: string, now: number): number {
  return db.write(() => {
    const touched = db
      .prepare(`
        UPDATE deliveries SET state = 'canceled', next_attempt_at = NULL, completed_at = @now, updated_at = @now,
          error_code = 'Canceled', error_message = 'canceled before sending'
        WHERE notification_id = @notificationId AND state IN (${WAITING_SQL})
        RETURNING notification_id`)
      .pluck()
      .all({ now, notificationId }) as string[];
    refreshStatuses(db, touched, now);
    return touched.length;
  });
}
