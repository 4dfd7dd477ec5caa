/**
 * Receipts: claiming `sent` deliveries whose receipt is due (the claim pushes receipt_due_at past
 * a lease, in the same IMMEDIATE transaction, so another checker leaves them alone) and applying
 * the answers to deliveries still `sent`.
 */
import type { ClaimedReceipt, ReceiptOutcome } from '../store.js';
import { type Db, jsonList } from './connection.js';
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

/** delivered | error (failed, maybe deactivating the token) | pending (check again later) | missing (maybe_delivered). */
export function applyReceipts(db: Db, outcomes: ReceiptOutcome[], now: number): void {
  if (outcomes.length === 0) return;
  const finish = db.prepare(`
    UPDATE deliveries SET state = @state, error_code = @code, error_message = @message, receipt_due_at = NULL,
      completed_at = @now, updated_at = @now
    WHERE id = @id AND state = 'sent'
    RETURNING notification_id, token`);
  const pending = db.prepare(`UPDATE deliveries SET receipt_due_at = ?, updated_at = ? WHERE id = ? AND state = 'sent'`);
  const deactivate = db.prepare('UPDATE devices SET active = 0, deactivation_reason = ?, updated_at = ? WHERE token = ? AND active = 1');
  db.write(() => {
    const touched: string[] = [];
    for (const o of outcomes) {
      if (o.kind === 'pending') {
        pending.run(o.nextCheckAt, now, o.deliveryId);
        continue;
      }
      const [state, code, message] =
        o.kind === 'delivered'
          ? ['delivered', null, null]
          : o.kind === 'error'
            ? ['failed', o.code, o.message]
            : ['maybe_delivered', 'ReceiptMissing', 'Expo never returned a receipt'];
      const row = finish.get({ id: o.deliveryId, state, code, message, now }) as { notification_id: string; token: string } | undefined;
      if (!row) continue;
      touched.push(row.notification_id);
      if (o.kind === 'error' && o.deactivateDevice) deactivate.run(o.code, now, row.token);
    }
    refreshStatuses(db, touched, now);
  });
}

export const NEXT_RECEIPT_SQL = "SELECT min(receipt_due_at) FROM deliveries WHERE state = 'sent'";

export function nextReceiptDueAt(db: Db): number | null {
  const at = db.prepare(NEXT_RECEIPT_SQL).pluck().get();
  return (at as number | null) ?? null;
}
