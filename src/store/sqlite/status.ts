/**
 * A notification's status is derived from its deliveries (precedence in domain/states.ts) and kept
 * up to date in the same transaction as every delivery change; `opened` stays once set. The first
 * time Expo accepted one of its deliveries becomes the notification's `sent_at`.
 */
import { derivedStatusSql } from '../sql.js';
import { type Db, jsonList } from './connection.js';

/** Ids per statement, so a huge cancellation does not build one huge JSON parameter. */
const CHUNK = 10_000;

const DERIVED_STATUS = derivedStatusSql((condition) => `max(${condition})`);

export const REFRESH_SQL = `
  UPDATE notifications SET
    status = CASE WHEN notifications.status = 'opened' THEN 'opened' ELSE derived.status END,
    sent_at = COALESCE(notifications.sent_at, derived.first_sent_at),
    updated_at = @now
  FROM (
    SELECT notification_id,
      ${DERIVED_STATUS} AS status,
      min(sent_at) AS first_sent_at
    FROM deliveries
    WHERE notification_id IN (SELECT value FROM json_each(@ids))
    GROUP BY notification_id
  ) AS derived
  WHERE notifications.id = derived.notification_id`;

/** Re-derives status and sent_at of these notifications (call inside the write transaction). */
export function refreshStatuses(db: Db, notificationIds: Iterable<string>, now: number): void {
  const ids = [...new Set(notificationIds)];
  for (let start = 0; start < ids.length; start += CHUNK) {
    db.prepare(REFRESH_SQL).run({ now, ids: jsonList(ids.slice(start, start + CHUNK)) });
  }
}
