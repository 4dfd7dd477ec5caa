/**
 * The baseline of enqueue_fanout and http_batch: the same rows (one notification and one queued
 * delivery per recipient, the same schema and indexes, the same content) written by plain bulk
 * inserts in chunks of the fan-out's size, without the engine, the facade or any check. The
 * ratio to it measures what Pushgate adds to storing the rows, not the disk.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import type { FreshDatabase } from './stores.js';
import { POSTGRES_URL } from './stores.js';

const CHUNK = 2_500;

/** A finished row's state: delivered at `at`, long enough ago for the janitor to take it. */
export interface Finished {
  at: number;
}

/**
 * Writes `total` notification + delivery pairs (users `u0..`) into the migrated, empty `db`;
 * rows/s. Queued and due now, or, with `finished`, delivered then.
 */
export async function bulkInsertRate(db: FreshDatabase, total: number, content: object, finished?: Finished): Promise<number> {
  const json = JSON.stringify(content);
  const now = finished?.at ?? Date.now();
  const state = finished ? 'delivered' : 'queued';
  const ids = (i: number) => [`ntf_bulk${i.toString(36).padStart(8, '0')}`, `dlv_bulk${i.toString(36).padStart(8, '0')}_1`] as const;
  if (!db.schema) {
    const sqlite = new Database(db.url.slice('file:'.length));
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    const notification = sqlite.prepare(
      `INSERT INTO notifications (id, user_id, batch_id, content, status, idempotency_key, send_at, created_at, updated_at)
       VALUES (?, ?, 'bat_bulk', ?, '${state}', NULL, ?, ?, ?)`,
    );
    const delivery = sqlite.prepare(
      `INSERT INTO deliveries (id, notification_id, device_id, token, project, state, attempts, next_attempt_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, NULL, '${state}', 0, ?, ?, ?)`,
    );
    const chunk = sqlite.transaction((start: number, end: number) => {
      for (let i = start; i < end; i++) {
        const [nid, did] = ids(i);
        notification.run(nid, `u${i}`, json, now, now, now);
        delivery.run(did, nid, `dev_bulk${i}`, `ExponentPushToken[u${i.toString(36)}xxxxxxxx]`, finished ? null : now, now, now);
      }
    });
    const started = performance.now();
    for (let start = 0; start < total; start += CHUNK) chunk(start, Math.min(total, start + CHUNK));
    const seconds = (performance.now() - started) / 1000;
    sqlite.close();
    return total / seconds;
  }
  const client = new pg.Client({ connectionString: POSTGRES_URL, options: `-c search_path="${db.schema}"` });
  await client.connect();
  try {
    const started = performance.now();
    for (let start = 0; start < total; start += CHUNK) {
      const range = Array.from({ length: Math.min(total, start + CHUNK) - start }, (_, k) => start + k);
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO notifications (id, user_id, batch_id, content, status, idempotency_key, send_at, created_at, updated_at)
         SELECT id, user_id, 'bat_bulk', $3::jsonb, '${state}', NULL, $4, $4, $4 FROM unnest($1::text[], $2::text[]) AS t(id, user_id)`,
        [range.map((i) => ids(i)[0]), range.map((i) => `u${i}`), json, now],
      );
      await client.query(
        `INSERT INTO deliveries (id, notification_id, device_id, token, project, state, attempts, next_attempt_at, created_at, updated_at)
         SELECT id, nid, device_id, token, NULL, '${state}', 0, $6, $5, $5 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(id, nid, device_id, token)`,
        [
          range.map((i) => ids(i)[1]),
          range.map((i) => ids(i)[0]),
          range.map((i) => `dev_bulk${i}`),
          range.map((i) => `ExponentPushToken[u${i.toString(36)}xxxxxxxx]`),
          now,
          finished ? null : now,
        ],
      );
      await client.query('COMMIT');
    }
    return total / ((performance.now() - started) / 1000);
  } finally {
    await client.end();
  }
}
