/** Notifications and batches: reads, opened, deletes, cancellation. (Enqueue: enqueue.ts.) */
import type { BatchRecord, NotificationRecord, NotificationWithDeliveries } from '../../domain/records.js';
import type { NotificationStatus } from '../../domain/states.js';
import { type BatchRow, type DeliveryRow, NOTIFICATION_COLUMNS, type NotificationRow, toBatch, toDelivery, toNotification } from '../rows.js';
import { WAITING_SQL } from '../sql.js';
import { type Db, query, transaction } from './connection.js';
import { deliveryOfSql } from './delivery-ids.js';
import { refreshStatuses } from './status.js';

export async function createBatch(db: Db, batch: BatchRecord): Promise<void> {
  await query(db, 'INSERT INTO batches (id, total, queued, skipped, created_at) VALUES ($1, $2, $3, $4, $5)', [
    batch.id,
    batch.total,
    batch.queued,
    batch.skipped,
    batch.createdAt,
  ]);
}

export async function getBatch(db: Db, id: string): Promise<BatchRecord | null> {
  const { rows } = await query<BatchRow>(db, 'SELECT * FROM batches WHERE id = $1', [id]);
  return rows[0] ? toBatch(rows[0]) : null;
}

/** Notifications with their deliveries, answered in the order of `ids` (null where missing). */
export async function getNotifications(db: Db, ids: string[]): Promise<(NotificationWithDeliveries | null)[]> {
  const { rows } = await query<NotificationRow & { deliveries: DeliveryRow[] | null }>(
    db,
    `SELECT ${NOTIFICATION_COLUMNS.split(', ')
      .map((c) => `n.${c}`)
      .join(', ')},
       (SELECT json_agg(d ORDER BY d.created_at, d.id) FROM deliveries d WHERE ${deliveryOfSql('d', 'n.id')}) AS deliveries
     FROM notifications n WHERE n.id = ANY($1::text[])`,
    [ids],
    'pushgate_notifications',
  );
  // json_agg turns BIGINT into JSON numbers: exact for epoch ms.
  const byId = new Map(rows.map((row) => [row.id, { ...toNotification(row), deliveries: (row.deliveries ?? []).map(toDelivery) }]));
  return ids.map((id) => byId.get(id) ?? null);
}

export async function countBatchStatuses(db: Db, batchId: string): Promise<Partial<Record<NotificationStatus, number>>> {
  const { rows } = await query<{ status: NotificationStatus; n: number }>(
    db,
    'SELECT status, count(*) AS n FROM notifications WHERE batch_id = $1 GROUP BY status',
    [batchId],
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** Sets `opened` (which then stays) and openedAt. */
export async function markOpened(db: Db, id: string, openedAt: number, now: number): Promise<NotificationRecord | null> {
  const { rows } = await query<NotificationRow>(
    db,
    `UPDATE notifications SET status = 'opened', opened_at = $2, updated_at = $3
     WHERE id = $1 RETURNING ${NOTIFICATION_COLUMNS}`,
    [id, openedAt, now],
  );
  return rows[0] ? toNotification(rows[0]) : null;
}

export async function deleteNotification(db: Db, id: string): Promise<boolean> {
  const { rows } = await query<{ n: number }>(
    db,
    `WITH gone_deliveries AS (DELETE FROM deliveries d WHERE ${deliveryOfSql('d', '$1::text')}),
     gone AS (DELETE FROM notifications WHERE id = $1 RETURNING id)
     SELECT count(*) AS n FROM gone`,
    [id],
  );
  return rows[0]!.n > 0;
}

export async function deleteNotificationsForUser(db: Db, userId: string): Promise<number> {
  const { rows } = await query<{ n: number }>(
    db,
    `WITH gone AS (DELETE FROM notifications WHERE user_id = $1 RETURNING id),
     gone_deliveries AS (DELETE FROM deliveries d USING gone g WHERE ${deliveryOfSql('d', 'g.id')})
     SELECT count(*) AS n FROM gone`,
    [userId],
  );
  return rows[0]!.n;
}

/** Cancels the deliveries of a notification still waiting to be sent. */
export async function cancelPending(db: Db, notificationId: string, now: number): Promise<number> {
  return transaction(db, async (client) => {
    const { rows } = await client.query<{ notification_id: string }>(
      `UPDATE deliveries SET state = 'canceled', next_attempt_at = NULL, completed_at = $1, updated_at = $1,
         error_code = 'Canceled', error_message = 'canceled before sending'
       WHERE state IN (${WAITING_SQL}) AND ${deliveryOfSql('deliveries', '$2::text')}
       RETURNING notification_id`,
      [now, notificationId],
    );
    await refreshStatuses(
      client,
      rows.map((r) => r.notification_id),
      now,
    );
    return rows.length;
  });
}
