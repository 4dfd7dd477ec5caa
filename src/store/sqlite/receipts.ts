/**
 * Receipts: claiming `sent` deliveries whose receipt is due (the claim pushes receipt_due_at past
 * a lease, in the same IMMEDIATE transaction, so another checker leaves them alone) and applying
 * the answers to deliveries still `sent`.
 */
import type { ClaimedReceipt, ReceiptUpdate } from '../port.js';
import { receiptColumns } from '../sql.js';
import { type Db, jsonList } from './connection.js';
import { deactivateDevices } from './devices.js';
import { refreshStatuses } from './status.js';

/** Receipts due, oldest first: walks deliveries_receipt_due_idx. */
export const RECEIPTS_DUE_SQL = `
  SELECT id AS deliveryId, ticket_id AS ticketId, token, sent_at AS sentAt FROM deliveries
  WHERE state = 'sent' AND receipt_due_at <= ? AND ticket_id IS NOT NULL
  ORDER BY receipt_due_at, id
  LIMIT ?`;

export function claimDueReceipts(db: Db, opts: { now: number; leaseMs: number; limit: number }): ClaimedReceipt[] {
  if (opts.limit <= 0) return [];
  return db.write(() => {
    const due = db.prepare(RECEIPTS_DUE_SQL).all(opts.now, opts.limit) as ClaimedReceipt[];
    if (due.length > 0) {
      db.prepare('UPDATE deliveries SET receipt_due_at = ? WHERE id IN (SELECT value FROM json_each(?))').run(
        opts.now + opts.leaseMs,
        jsonList(due.map((r) => r.deliveryId)),
      );
    }
    return due;
  });
}

/** Writes receipt updates to deliveries still `sent` (a `sent` update only moves the next check). */
export function applyReceipts(db: Db, updates: ReceiptUpdate[], now: number): void {
  if (updates.length === 0) return;
  const finish = db.prepare(`
    UPDATE deliveries SET state = @state, error_code = @errorCode, error_message = @errorMessage,
      receipt_due_at = NULL, completed_at = @completedAt, updated_at = @now
    WHERE id = @id AND state = 'sent'
    RETURNING notification_id, token`);
  const recheck = db.prepare(`UPDATE deliveries SET receipt_due_at = ?, updated_at = ? WHERE id = ? AND state = 'sent'`);
  db.write(() => {
    const touched: string[] = [];
    const dead: { token: string; reason: string }[] = [];
    for (const update of updates) {
      const { state, errorCode, errorMessage, receiptDueAt, completedAt, deactivate } = receiptColumns(update, now);
      if (state === 'sent') {
        recheck.run(receiptDueAt, now, update.deliveryId);
        continue;
      }
      const row = finish.get({ id: update.deliveryId, state, errorCode, errorMessage, completedAt, now }) as
        | { notification_id: string; token: string }
        | undefined;
      if (!row) continue;
      touched.push(row.notification_id);
      if (deactivate) dead.push({ token: row.token, reason: errorCode ?? 'Deactivated' });
    }
    deactivateDevices(db, dead, now);
    refreshStatuses(db, touched, now);
  });
}

export const NEXT_RECEIPT_SQL = "SELECT min(receipt_due_at) FROM deliveries WHERE state = 'sent'";

export function nextReceiptDueAt(db: Db): number | null {
  const at = db.prepare(NEXT_RECEIPT_SQL).pluck().get();
  return (at as number | null) ?? null;
}
