/**
 * The fan-out hot path: one IMMEDIATE transaction for the whole input and, per item, a few
 * prepared-statement probes (idempotency key when given, pause, active devices) and the inserts.
 * Each distinct content is serialised once.
 */
import { ID_PREFIX } from '../../util/ids.js';
import type { EnqueueOutcome, NewNotification } from '../store.js';
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
  const json = contentSerializer();

  return db.write(() =>
    items.map((item): EnqueueOutcome => {
      const key = item.idempotencyKey ?? null;
      if (key !== null) {
        const earlier = byKey.get(key) as string | undefined;
        if (earlier !== undefined) return { kind: 'duplicate', id: earlier };
      }
      const devices = activeDevices.all(item.userId, item.userId) as ActiveDevice[];
      if (devices.length === 0) return isPaused.get(item.userId) === 1 ? { kind: 'paused' } : { kind: 'no_devices' };
      const sendAt = item.sendAt ?? now;
      insertNotification.run(item.id, item.userId, item.batchId ?? null, json(item.content), key, sendAt, now, now);
      const base = deliveryIdBase(item.id);
      devices.forEach(([deviceId, token, project], k) => {
        insertDelivery.run(`${base}_${k + 1}`, item.id, deviceId, token, project, sendAt, now, now);
      });
      return { kind: 'queued', id: item.id, deliveries: devices.length };
    }),
  );
}

/**
 * Delivery ids derive from their notification's (unique, time-sortable) id, as in the PostgreSQL
 * store: `dlv_<notification id without ntf_>_<k>`. They sort, and are claimed, in queue order, and
 * cost nothing to make (newId draws random bytes per call: a third of this path's time).
 */
function deliveryIdBase(notificationId: string): string {
  return `${ID_PREFIX.delivery}_${notificationId.startsWith(`${ID_PREFIX.notification}_`) ? notificationId.slice(4) : notificationId}`;
}

/** JSON of a content object, computed once per distinct object (a fan-out shares one). */
function contentSerializer(): (content: object) => string {
  const cache = new WeakMap<object, string>();
  return (content) => {
    let text = cache.get(content);
    if (text === undefined) {
      text = JSON.stringify(content);
      cache.set(content, text);
    }
    return text;
  };
}
