/**
 * Receipts: claiming `sent` deliveries whose receipt is due (SKIP LOCKED, and the claim pushes
 * receipt_due_at past a lease so other checkers leave them alone), and applying the answers.
 */
import type { ClaimedReceipt, ReceiptUpdate } from '../port.js';
import { receiptColumns } from '../sql.js';
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

/** Writes receipt updates to deliveries still `sent`; a `sent` update only moves the next check. */
export async function applyReceipts(db: Db, updates: ReceiptUpdate[], now: number): Promise<void> {
  if (updates.length === 0) return;
  const columns = updates.map((u) => receiptColumns(u, now));
  const col = <K extends keyof (typeof columns)[number]>(key: K) => columns.map((c) => c[key]);
  await transaction(db, async (client) => {
    const { rows } = await client.query<{ notification_id: string; final: boolean }>(
      `WITH r AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::boolean[])
           AS r(id, state, code, message, receipt_due_at, completed_at, deactivate)
       ),
       updated AS (
         UPDATE deliveries d SET state = r.state, receipt_due_at = r.receipt_due_at, completed_at = r.completed_at,
           error_code = CASE WHEN r.state = 'sent' THEN d.error_code ELSE r.code END,
           error_message = CASE WHEN r.state = 'sent' THEN d.error_message ELSE r.message END,
           updated_at = $8
         FROM r WHERE d.id = r.id AND d.state = 'sent'
         RETURNING d.notification_id, d.token, r.deactivate, r.code, r.state <> 'sent' AS final
       ),
       deactivated AS (
         UPDATE devices v SET active = false, deactivation_reason = COALESCE(u.code, 'Deactivated'), updated_at = $8
         FROM updated u WHERE u.deactivate AND v.token = u.token AND v.active
       )
       SELECT notification_id, final FROM updated`,
      [updates.map((u) => u.deliveryId), col('state'), col('errorCode'), col('errorMessage'), col('receiptDueAt'), col('completedAt'), col('deactivate'), now],
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
