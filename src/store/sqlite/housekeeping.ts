/** Retention (purging finished notifications) and the counts behind metrics and the dashboard. */
import { DELIVERY_STATES, type DeliveryState, type NotificationStatus } from '../../domain/states.js';
import type { StoreStats } from '../port.js';
import { FINAL_SQL, FINISHED_STATUSES_SQL, WAITING_SQL } from '../sql.js';
import type { Db } from './connection.js';

/**
 * Deletes up to `limit` notifications (oldest updatedAt first; deliveries by cascade) whose
 * deliveries are all final and whose updatedAt < before. Walks notifications_finished_idx, so
 * unfinished rows cost nothing.
 */
export const PURGE_SQL = `
    DELETE FROM notifications WHERE id IN (
      SELECT n.id FROM notifications n
      WHERE n.status IN (${FINISHED_STATUSES_SQL})
        AND n.updated_at < ?
        AND NOT EXISTS (
          SELECT 1 FROM deliveries d
          WHERE d.notification_id = n.id AND d.state NOT IN (${FINAL_SQL})
        )
      ORDER BY n.updated_at
      LIMIT ?
    )`;

export function purgeFinished(db: Db, before: number, limit: number): number {
  if (limit <= 0) return 0;
  return db.write(() => db.prepare(PURGE_SQL).run(before, limit).changes);
}

export function stats(db: Db, now: number): StoreStats {
  return db.raw.transaction(() => {
    const deliveriesByState = Object.fromEntries(DELIVERY_STATES.map((s) => [s, 0])) as Record<DeliveryState, number>;
    const states = db.prepare('SELECT state, count(*) FROM deliveries GROUP BY state').raw().all() as [DeliveryState, number][];
    for (const [state, n] of states) deliveriesByState[state] = n;
    const statuses = db.prepare('SELECT status, count(*) FROM notifications GROUP BY status').raw().all() as [NotificationStatus, number][];
    const oldestDueAt = db.prepare(`SELECT min(created_at) FROM deliveries WHERE state IN (${WAITING_SQL}) AND next_attempt_at <= ?`).pluck().get(now) as
      | number
      | null;
    return { deliveriesByState, notificationsByStatus: Object.fromEntries(statuses), oldestDueAt: oldestDueAt ?? null };
  })();
}
