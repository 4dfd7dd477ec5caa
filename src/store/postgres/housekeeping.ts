/** Retention (purging finished notifications) and the counts behind metrics and the dashboard. */
import { DELIVERY_STATES, type DeliveryState, type NotificationStatus } from '../../domain/states.js';
import type { StoreStats } from '../port.js';
import { FINAL_SQL, FINISHED_STATUSES_SQL, WAITING_SQL } from '../sql.js';
import { type Db, query } from './connection.js';
import { deliveryOfSql } from './delivery-ids.js';

/**
 * Deletes up to `limit` notifications (with their deliveries) whose deliveries are all final and
 * whose updatedAt < before. SKIP LOCKED lets several janitors run at once without waiting.
 * Found through notifications_created_idx (a notification is never updated before it is
 * created, so createdAt < before too): status and updated_at have no index, so that updating
 * them stays heap-only (migration 3).
 */
export async function purgeFinished(db: Db, before: number, limit: number): Promise<number> {
  if (limit <= 0) return 0;
  const { rows } = await query<{ n: number }>(
    db,
    `WITH victims AS (
       SELECT n.id FROM notifications n
       WHERE n.status IN (${FINISHED_STATUSES_SQL})
         AND n.created_at < $1 AND n.updated_at < $1
         AND NOT EXISTS (
           SELECT 1 FROM deliveries d
           WHERE ${deliveryOfSql('d', 'n.id')} AND d.state NOT IN (${FINAL_SQL})
         )
       ORDER BY n.created_at, n.id
       LIMIT $2
       FOR UPDATE SKIP LOCKED
     ),
     gone_deliveries AS (DELETE FROM deliveries d USING victims v WHERE ${deliveryOfSql('d', 'v.id')}),
     gone AS (DELETE FROM notifications WHERE id IN (SELECT id FROM victims) RETURNING id)
     SELECT count(*) AS n FROM gone`,
    [before, limit],
  );
  return rows[0]!.n;
}

export async function stats(db: Db, now: number): Promise<StoreStats> {
  const [deliveries, notifications, oldest] = await Promise.all([
    query<{ state: DeliveryState; n: number }>(db, 'SELECT state, count(*) AS n FROM deliveries GROUP BY state'),
    query<{ status: NotificationStatus; n: number }>(db, 'SELECT status, count(*) AS n FROM notifications GROUP BY status'),
    query<{ at: number | null }>(
      db,
      `SELECT min(created_at) AS at FROM deliveries
       WHERE state IN (${WAITING_SQL}) AND next_attempt_at <= $1`,
      [now],
    ),
  ]);
  const deliveriesByState = Object.fromEntries(DELIVERY_STATES.map((s) => [s, 0])) as Record<DeliveryState, number>;
  for (const row of deliveries.rows) deliveriesByState[row.state] = row.n;
  return {
    deliveriesByState,
    notificationsByStatus: Object.fromEntries(notifications.rows.map((r) => [r.status, r.n])),
    oldestDueAt: oldest.rows[0]?.at ?? null,
  };
}
