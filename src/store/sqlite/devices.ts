/** Devices (one row per push token) and recipients (per-user pause state). */

import { ID_PREFIX, newId } from '../../domain/ids.js';
import type { Device, Recipient } from '../../domain/records.js';
import type { RecordTokenInput } from '../port.js';
import { type DeviceRow, type RecipientRow, toDevice, toRecipient } from '../rows.js';
import { WAITING_SQL } from '../sql.js';
import type { Db } from './connection.js';

/**
 * Upserts by token in one transaction: a known token moves to the new user, is reactivated and
 * its lastSeenAt bumped; platform and language change only when known (given, not 'unknown' or
 * null). Returns the devices in input order (a token given twice: the last input wins).
 */
export function recordTokens(db: Db, inputs: RecordTokenInput[], now: number): Device[] {
  if (inputs.length === 0) return [];
  const upsert = db.prepare(`
    INSERT INTO devices (id, token, user_id, platform, language, active, last_seen_at, created_at, updated_at)
    VALUES (@id, @token, @userId, @platform, @language, 1, @now, @now, @now)
    ON CONFLICT (token) DO UPDATE SET
      user_id = excluded.user_id,
      platform = CASE WHEN excluded.platform = 'unknown' THEN devices.platform ELSE excluded.platform END,
      language = COALESCE(excluded.language, devices.language),
      active = 1,
      deactivation_reason = NULL,
      last_seen_at = excluded.last_seen_at,
      updated_at = excluded.updated_at
    RETURNING *`);
  const byToken = db.write(() => {
    const rows = new Map<string, Device>();
    for (const input of inputs) {
      const row = upsert.get({
        id: newId(ID_PREFIX.device, now),
        token: input.token,
        userId: input.userId,
        platform: input.platform ?? 'unknown',
        language: input.language ?? null,
        now,
      }) as DeviceRow;
      rows.set(input.token, toDevice(row));
    }
    return rows;
  });
  return inputs.map((input) => byToken.get(input.token)!);
}

export function removeToken(db: Db, token: string): Device | null {
  const row = db.write(() => db.prepare('DELETE FROM devices WHERE token = ? RETURNING *').get(token)) as DeviceRow | undefined;
  return row ? toDevice(row) : null;
}

export function removeTokensForUser(db: Db, userId: string): Device[] {
  const rows = db.write(() => db.prepare('DELETE FROM devices WHERE user_id = ? RETURNING *').all(userId)) as DeviceRow[];
  return rows.map(toDevice).sort(byCreation);
}

const byCreation = (a: Device, b: Device) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function getDevicesForUser(db: Db, userId: string): Device[] {
  const rows = db.prepare('SELECT * FROM devices WHERE user_id = ? ORDER BY created_at, id').all(userId) as DeviceRow[];
  return rows.map(toDevice);
}

/** Deactivates the devices of dead tokens, each with its reason (inside a write transaction). */
export function deactivateDevices(db: Db, dead: readonly { token: string; reason: string }[], now: number): void {
  if (dead.length === 0) return;
  const deactivate = db.prepare('UPDATE devices SET active = 0, deactivation_reason = ?, updated_at = ? WHERE token = ? AND active = 1');
  for (const { token, reason } of dead) deactivate.run(reason, now, token);
}

/**
 * Remembers each token's Expo project on the device and on its deliveries not yet sent. Those are
 * found through the device's user's notifications: an index on deliveries by token would tax every
 * enqueue for this rare call. (Claims read the project from the device too, so a delivery missed
 * here, e.g. of a token that has since moved to another user, is still grouped right.)
 */
export function setTokenProjects(db: Db, entries: { token: string; project: string }[], now: number): void {
  if (entries.length === 0) return;
  const device = db.prepare('UPDATE devices SET project = ?, updated_at = ? WHERE token = ? RETURNING user_id').pluck();
  const deliveries = db.prepare(`
    UPDATE deliveries SET project = @project, updated_at = @now
    WHERE notification_id IN (SELECT id FROM notifications WHERE user_id = @userId)
      AND token = @token AND state IN (${WAITING_SQL}, 'sending') AND project IS NOT @project`);
  db.write(() => {
    for (const { token, project } of entries) {
      const userId = device.get(project, now, token) as string | undefined;
      if (userId !== undefined) deliveries.run({ project, now, token, userId });
    }
  });
}

export function getRecipient(db: Db, userId: string): Recipient | null {
  const row = db.prepare('SELECT * FROM recipients WHERE user_id = ?').get(userId) as RecipientRow | undefined;
  return row ? toRecipient(row) : null;
}

/** Pauses or resumes a user; queued work is judged when it comes due (claims report it paused). */
export function setPaused(db: Db, userId: string, paused: boolean, now: number): { waiting: number } {
  return db.write(() => {
    db.prepare(`
      INSERT INTO recipients (user_id, paused, created_at, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (user_id) DO UPDATE SET paused = excluded.paused, updated_at = excluded.updated_at`).run(userId, paused ? 1 : 0, now, now);
    const waiting = db
      .prepare(`
        SELECT count(*) FROM deliveries
        WHERE state IN (${WAITING_SQL}) AND notification_id IN (SELECT id FROM notifications WHERE user_id = ?)`)
      .pluck()
      .get(userId) as number;
    return { waiting };
  });
}
