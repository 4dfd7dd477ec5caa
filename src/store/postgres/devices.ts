/** Devices (one row per push token) and recipients (per-user pause state). */

import { ID_PREFIX, newId } from '../../domain/ids.js';
import type { Device, Recipient } from '../../domain/records.js';
import type { RecordTokenInput } from '../port.js';
import { type DeviceRow, type RecipientRow, toDevice, toRecipient } from '../rows.js';
import { WAITING_SQL } from '../sql.js';
import { type Db, query } from './connection.js';
import { deliveryOfSql } from './delivery-ids.js';

/**
 * Upserts by token in one statement: a known token moves to the new user, is reactivated and its
 * lastSeenAt bumped; platform and language change only when known (given, not 'unknown'/null).
 * Returns the devices in input order.
 */
export async function recordTokens(db: Db, inputs: RecordTokenInput[], now: number): Promise<Device[]> {
  if (inputs.length === 0) return [];
  // ON CONFLICT cannot touch one row twice in a statement: the last input for a token wins.
  const byToken = new Map<string, RecordTokenInput>();
  for (const input of inputs) byToken.set(input.token, input);
  const unique = [...byToken.values()];
  const { rows } = await query<DeviceRow>(
    db,
    `INSERT INTO devices AS d (id, token, user_id, platform, language, active, last_seen_at, created_at, updated_at)
     SELECT t.id, t.token, t.user_id, t.platform, t.language, true, $6, $6, $6
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t(id, token, user_id, platform, language)
     ON CONFLICT (token) DO UPDATE SET
       user_id = EXCLUDED.user_id,
       platform = CASE WHEN EXCLUDED.platform = 'unknown' THEN d.platform ELSE EXCLUDED.platform END,
       language = COALESCE(EXCLUDED.language, d.language),
       active = true,
       deactivation_reason = NULL,
       last_seen_at = EXCLUDED.last_seen_at,
       updated_at = EXCLUDED.updated_at
     RETURNING d.*`,
    [
      unique.map(() => newId(ID_PREFIX.device, now)),
      unique.map((i) => i.token),
      unique.map((i) => i.userId),
      unique.map((i) => i.platform ?? 'unknown'),
      unique.map((i) => i.language ?? null),
      now,
    ],
  );
  const devices = new Map(rows.map((row) => [row.token, toDevice(row)]));
  return inputs.map((input) => devices.get(input.token)!);
}

export async function removeToken(db: Db, token: string): Promise<Device | null> {
  const { rows } = await query<DeviceRow>(db, 'DELETE FROM devices WHERE token = $1 RETURNING *', [token]);
  return rows[0] ? toDevice(rows[0]) : null;
}

export async function removeTokensForUser(db: Db, userId: string): Promise<Device[]> {
  const { rows } = await query<DeviceRow>(db, 'DELETE FROM devices WHERE user_id = $1 RETURNING *', [userId]);
  return rows.map(toDevice).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Each user's devices, oldest first, answered in the order of `userIds`. */
export async function getDevicesForUsers(db: Db, userIds: string[]): Promise<Device[][]> {
  const { rows } = await query<DeviceRow>(
    db,
    'SELECT * FROM devices WHERE user_id = ANY($1::text[]) ORDER BY created_at, id',
    [userIds],
    'pushgate_users_devices',
  );
  const byUser = new Map<string, Device[]>(userIds.map((id) => [id, []]));
  for (const row of rows) byUser.get(row.user_id)?.push(toDevice(row));
  return userIds.map((id) => byUser.get(id)!);
}

/**
 * Remembers each token's Expo project on the device and on its deliveries not yet sent. Those
 * are found through the device's user's notifications: an index on deliveries by token would tax
 * every enqueue for this rare call. (Claims read the project from the device too, so a delivery
 * missed here, e.g. of a token that since moved to another user, is still grouped right.)
 */
export async function setTokenProjects(db: Db, entries: { token: string; project: string }[], now: number): Promise<void> {
  if (entries.length === 0) return;
  await query(
    db,
    `WITH learned AS (
       UPDATE devices d SET project = t.project, updated_at = $3
       FROM unnest($1::text[], $2::text[]) AS t(token, project)
       WHERE d.token = t.token
       RETURNING d.id, d.user_id, d.project
     )
     UPDATE deliveries x SET project = l.project, updated_at = $3
     FROM learned l JOIN notifications n ON n.user_id = l.user_id
     WHERE ${deliveryOfSql('x', 'n.id')} AND x.device_id = l.id
       AND x.state IN (${WAITING_SQL}, 'sending') AND x.project IS DISTINCT FROM l.project`,
    [entries.map((e) => e.token), entries.map((e) => e.project), now],
  );
}

export async function getRecipient(db: Db, userId: string): Promise<Recipient | null> {
  const { rows } = await query<RecipientRow>(db, 'SELECT * FROM recipients WHERE user_id = $1', [userId]);
  return rows[0] ? toRecipient(rows[0]) : null;
}

/** Pauses or resumes a user; queued work is judged when it comes due (claims report it paused). */
export async function setPaused(db: Db, userId: string, paused: boolean, now: number): Promise<{ waiting: number }> {
  const { rows } = await query<{ waiting: number }>(
    db,
    `WITH upserted AS (
       INSERT INTO recipients (user_id, paused, created_at, updated_at) VALUES ($1, $2, $3, $3)
       ON CONFLICT (user_id) DO UPDATE SET paused = EXCLUDED.paused, updated_at = EXCLUDED.updated_at
     )
     SELECT count(*)::int AS waiting FROM notifications n JOIN deliveries d ON ${deliveryOfSql('d', 'n.id')}
     WHERE n.user_id = $1 AND d.state IN (${WAITING_SQL})`,
    [userId, paused, now],
  );
  return { waiting: rows[0]!.waiting };
}
