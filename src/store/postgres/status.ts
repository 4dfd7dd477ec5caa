/**
 * A notification's status is derived from its deliveries (precedence in domain/states.ts) and kept
 * up to date in the same transaction as every delivery change. `opened` stays once set.
 *
 * The notifications are locked first, by a statement of their own: a statement's snapshot is
 * taken when it starts, so a derivation that waited for the lock inside the same statement
 * would not see the deliveries the previous holder just committed, and two answers for one
 * notification applied at once could leave it `sending` for good (the conformance suite has
 * the case). Locks go in id order, against deadlocks.
 */
import type pg from 'pg';
import { derivedStatusSql } from '../sql.js';
import { deliveryOfSql } from './delivery-ids.js';

const DERIVED_STATUS = derivedStatusSql((condition) => `bool_or(${condition})`);

/** The SQL that locks the notifications whose ids `idsSql` yields, in id order. */
export const lockNotificationsSql = (idsSql: string) => `SELECT id FROM notifications WHERE id IN (${idsSql}) ORDER BY id FOR NO KEY UPDATE`;

/** Locks, then re-derives status (and the first sentAt) of these notifications. */
export async function refreshStatuses(client: pg.PoolClient, notificationIds: string[], now: number): Promise<void> {
  const ids = [...new Set(notificationIds)];
  if (ids.length === 0) return;
  await client.query({ name: 'pushgate_lock_notifications', text: lockNotificationsSql('SELECT unnest($1::text[])'), values: [ids] });
  await deriveStatuses(client, ids, now);
}

/** Re-derives status of notifications this transaction has already locked. */
export async function deriveStatuses(client: pg.PoolClient, notificationIds: string[], now: number): Promise<void> {
  if (notificationIds.length === 0) return;
  // Driven by the id list (primary key), one deliveries_pkey range (delivery-ids.ts) per
  // notification: a join here let the planner pick a sequential scan of either table when its
  // statistics lagged behind a dispatch run (seen with auto_explain; 100,000-row scans).
  await client.query({
    name: 'pushgate_derive_statuses',
    text: `UPDATE notifications n SET (status, sent_at, updated_at) = (
       SELECT CASE WHEN n.status = 'opened' THEN 'opened' ELSE ${DERIVED_STATUS} END,
         COALESCE(n.sent_at, min(d.sent_at)), $2::bigint
       FROM deliveries d WHERE ${deliveryOfSql('d', 'n.id')}
     )
     WHERE n.id = ANY($1::text[]) AND EXISTS (SELECT 1 FROM deliveries d WHERE ${deliveryOfSql('d', 'n.id')})`,
    values: [notificationIds, now],
  });
}
