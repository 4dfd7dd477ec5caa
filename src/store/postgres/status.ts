/**
 * A notification's status is derived from its deliveries (precedence in core/types.ts) and kept
 * up to date in the same transaction as every delivery change. `opened` stays once set.
 */
import type pg from 'pg';

/** Re-derives status (and the first sentAt) of these notifications; locks them in id order. */
export async function refreshStatuses(client: pg.PoolClient, notificationIds: string[], now: number): Promise<void> {
  const ids = [...new Set(notificationIds)];
  if (ids.length === 0) return;
  // One pass over the deliveries of all these notifications (deliveries_notification_idx),
  // rather than a probe per state per notification.
  await client.query({
    name: 'pushgate_refresh_statuses',
    text: `WITH locked AS (
       SELECT id FROM notifications WHERE id = ANY($1::text[]) ORDER BY id FOR NO KEY UPDATE
     ),
     derived AS (
       SELECT notification_id,
         CASE
           WHEN bool_or(state = 'sending') THEN 'sending'
           WHEN bool_or(state = 'retrying') THEN 'retrying'
           WHEN bool_or(state = 'queued') THEN 'queued'
           WHEN bool_or(state = 'delivered') THEN 'delivered'
           WHEN bool_or(state = 'sent') THEN 'sent'
           WHEN bool_or(state = 'maybe_delivered') THEN 'maybe_delivered'
           WHEN bool_or(state = 'failed') THEN 'failed'
           ELSE 'canceled'
         END AS status,
         min(sent_at) AS first_sent_at
       FROM deliveries WHERE notification_id = ANY($1::text[])
       GROUP BY notification_id
     )
     UPDATE notifications n SET
       status = CASE WHEN n.status = 'opened' THEN 'opened' ELSE derived.status END,
       sent_at = COALESCE(n.sent_at, derived.first_sent_at),
       updated_at = $2
     FROM locked JOIN derived ON derived.notification_id = locked.id
     WHERE n.id = locked.id AND n.id = ANY($1::text[])`,
    values: [ids, now],
  });
}
