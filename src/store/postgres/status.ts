/**
 * A notification's status is derived from its deliveries (precedence in core/types.ts) and kept
 * up to date in the same transaction as every delivery change. `opened` stays once set.
 */
import type pg from 'pg';

/** Re-derives status (and the first sentAt) of these notifications; locks them in id order. */
export async function refreshStatuses(client: pg.PoolClient, notificationIds: string[], now: number): Promise<void> {
  const ids = [...new Set(notificationIds)];
  if (ids.length === 0) return;
  await client.query(
    `WITH locked AS (
       SELECT id FROM notifications WHERE id = ANY($1::text[]) ORDER BY id FOR NO KEY UPDATE
     )
     UPDATE notifications n SET
       status = CASE
         WHEN n.status = 'opened' THEN 'opened'
         WHEN EXISTS (SELECT 1 FROM deliveries d WHERE d.notification_id = n.id AND d.state = 'sending') THEN 'sending'
         WHEN EXISTS (SELECT 1 FROM deliveries d WHERE d.notification_id = n.id AND d.state = 'retrying') THEN 'retrying'
         WHEN EXISTS (SELECT 1 FROM deliveries d WHERE d.notification_id = n.id AND d.state = 'queued') THEN 'queued'
         WHEN EXISTS (SELECT 1 FROM deliveries d WHERE d.notification_id = n.id AND d.state = 'delivered') THEN 'delivered'
         WHEN EXISTS (SELECT 1 FROM deliveries d WHERE d.notification_id = n.id AND d.state = 'sent') THEN 'sent'
         WHEN EXISTS (SELECT 1 FROM deliveries d WHERE d.notification_id = n.id AND d.state = 'maybe_delivered') THEN 'maybe_delivered'
         WHEN EXISTS (SELECT 1 FROM deliveries d WHERE d.notification_id = n.id AND d.state = 'failed') THEN 'failed'
         ELSE 'canceled'
       END,
       sent_at = COALESCE(n.sent_at, (SELECT min(d.sent_at) FROM deliveries d WHERE d.notification_id = n.id)),
       updated_at = $2
     FROM locked
     WHERE n.id = locked.id`,
    [ids, now],
  );
}
