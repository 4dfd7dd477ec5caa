/**
 * Receipts: claiming `sent` deliveries whose receipt is due (SKIP LOCKED, and the claim pushes
 * receipt_due_at past a lease so other checkers leave them alone), and applying the answers.
 */
import type { ClaimedReceipt, ReceiptOutcome } from '../store.js';
import { type Db, query, transaction } from './connection.js';
import { refreshStatuses } from './status.js';

export async function claimDueReceipts(db: Db, opts: { now: number; leaseMs: number; limit: number }): Promise<ClaimedReceipt[]> {
  if (opts.limit <= 0) return [];
  const { rows } = await query<ClaimedReceipt>(
    db,
    `WITH picked AS (
       SELECT id, receipt_due_at FROM deliveries
       WHERE state = 'sent' AND receipt_due_at <= $1 AND ticket_id IS NOT NULL
       ORDER BY receipt_due_at, id
       LIMIT $2
       FOR UPDATE SKIP LOCKED
     ),
     claimed AS (
       UPDATE deliveries d SET receipt_due_at = $1::bigint + $3::bigint
       FROM picked WHERE d.id = picked.id
       RETURNING d.id, d.ticket_id, d.token, d.sent_at
     )
     SELECT c.id AS "deliveryId", c.ticket_id AS "ticketId", c.token, c.sent_at AS "sentAt"
     FROM claimed c JOIN picked p ON p.id = c.id
     ORDER BY p.receipt_due_at, p.id`,
    [opts.now, opts.limit, opts.leaseMs],
  );
  return rows;
}

/** Applies receipts to deliveries still `sent`; DeviceNotRegistered-like errors deactivate the device. */
export async function applyReceipts(db: Db, outcomes: ReceiptOutcome[], now: number): Promise<void> {
  if (outcomes.length === 0) return;
  const col = <T>(pick: (o: ReceiptOutcome) => T | null) => outcomes.map((o) => pick(o) ?? null);
  await transaction(db, async (client) => {
    const { rows } = await client.query<{ notification_id: string; final: boolean }>(
      `WITH r AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::boolean[])
           AS r(id, kind, code, message, next_check_at, deactivate)
       ),
       updated AS (
         UPDATE deliveries d SET
           state = CASE r.kind WHEN 'delivered' THEN 'delivered' WHEN 'error' THEN 'failed'
                               WHEN 'missing' THEN 'maybe_delivered' ELSE d.state END,
           receipt_due_at = CASE WHEN r.kind = 'pending' THEN r.next_check_at ELSE NULL END,
           error_code = CASE r.kind WHEN 'error' THEN r.code WHEN 'missing' THEN 'ReceiptMissing' ELSE d.error_code END,
           error_message = CASE r.kind WHEN 'error' THEN r.message
             WHEN 'missing' THEN 'Expo never returned a receipt' ELSE d.error_message END,
           completed_at = CASE WHEN r.kind = 'pending' THEN NULL ELSE $7::bigint END,
           updated_at = $7
         FROM r WHERE d.id = r.id AND d.state = 'sent'
         RETURNING d.notification_id, d.token, r.deactivate, r.code, r.kind <> 'pending' AS final
       ),
       deactivated AS (
         UPDATE devices v SET active = false, deactivation_reason = u.code, updated_at = $7
         FROM updated u WHERE u.deactivate AND v.token = u.token AND v.active
       )
       SELECT notification_id, final FROM updated`,
      [
        col((o) => o.deliveryId),
        col((o) => o.kind),
        col((o) => (o.kind === 'error' ? o.code : null)),
        col((o) => (o.kind === 'error' ? o.message : null)),
        col((o) => (o.kind === 'pending' ? o.nextCheckAt : null)),
        col((o) => o.kind === 'error' && o.deactivateDevice),
        now,
      ],
    );
    await refreshStatuses(
      client,
      rows.filter((r) => r.final).map((r) => r.notification_id),
      now,
    );
  });
}

export async function nextReceiptDueAt(db: Db): Promise<number | null> {
  const { rows } = await query<{ at: number | null }>(db, `SELECT min(receipt_due_at) AS at FROM deliveries WHERE state = 'sent'`);
  return rows[0]?.at ?? null;
}
