/**
 * The fan-out hot path: one IMMEDIATE transaction for the whole input and, per item, a few
 * prepared-statement probes (idempotency key when given, pause, active devices) and the inserts.
 * Each distinct content is serialised once.
 */
import { UnregisteredUserError } from '../../domain/errors.js';
import { deliveryIdPrefix } from '../../domain/ids.js';
import type { EnqueueOutcome, NewNotification } from '../port.js';
import { distinctContents } from '../sql.js';
import type { Db } from './connection.js';

type ActiveDevice = [id: string, token: string, project: string | null];

/**
 * The active devices of a user who is not paused: one probe of devices_user_idx (and of the
 * recipients key) per user. Only when it finds none is the pause looked up again, to say why.
 */
export const ACTIVE_DEVICES_SQL = `
  SELECT id, token, project FROM devices
  WHERE user_id = ? AND active = 1 AND NOT EXISTS (SELECT 1 FROM recipients WHERE user_id = ? AND paused = 1)
  ORDER BY created_at, id`;

export function enqueueNotifications(db: Db, items: NewNotification[], now: number): EnqueueOutcome[] {
  if (items.length === 0) return [];
  const byKey = db.prepare('SELECT id FROM notifications WHERE idempotency_key = ?').pluck();
  const isPaused = db.prepare('SELECT paused FROM recipients WHERE user_id = ?').pluck();
  const activeDevices = db.prepare(ACTIVE_DEVICES_SQL).raw();
  const insertNotification = db.prepare(`
    INSERT INTO notifications (id, user_id, batch_id, content, status, idempotency_key, send_at, created_at, updated_at)
    VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?)`);
  const insertDelivery = db.prepare(`
    INSERT INTO deliveries (id, notification_id, device_id, token, project, state, attempts, next_attempt_at, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?)`);
  const { contents, indexes } = distinctContents(items);

  return db.write(() =>
    items.map((item, index): EnqueueOutcome => {
      const key = item.idempotencyKey ?? null;
      if (key !== null) {
        const earlier = byKey.get(key) as string | undefined;
        if (earlier !== undefined) return { kind: 'duplicate', id: earlier };
      }
      const devices = activeDevices.all(item.userId, item.userId) as ActiveDevice[];
      if (devices.length === 0) {
        if (isPaused.get(item.userId) === 1) return { kind: 'paused' };
        // Thrown inside the write transaction: everything this call stored is rolled back.
        if (item.requireDevice) throw new UnregisteredUserError(item.userId);
        return { kind: 'no_devices' };
      }
      const sendAt = item.sendAt ?? now;
      insertNotification.run(item.id, item.userId, item.batchId ?? null, contents[indexes[index]!], key, sendAt, now, now);
      const prefix = deliveryIdPrefix(item.id);
      devices.forEach(([deviceId, token, project], k) => {
        insertDelivery.run(`${prefix}${k + 1}`, item.id, deviceId, token, project, sendAt, now, now);
      });
      return { kind: 'queued', id: item.id, deliveries: devices.length };
    }),
  );
}
