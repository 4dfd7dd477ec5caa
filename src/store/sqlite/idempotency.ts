/** Stored HTTP responses, replayed for a repeated Idempotency-Key (the caller picks the window). */
import type { Db } from './connection.js';

export function getIdempotentResponse(db: Db, scope: string, key: string, notBefore: number): { status: number; body: unknown } | null {
  const row = db.prepare('SELECT status, body FROM idempotent_responses WHERE scope = ? AND key = ? AND created_at >= ?').get(scope, key, notBefore) as
    | { status: number; body: string | null }
    | undefined;
  return row ? { status: row.status, body: row.body === null ? null : JSON.parse(row.body) } : null;
}

/** Deletes up to `limit` responses older than `before` (idempotent_responses_created_idx). */
export function purgeIdempotentResponses(db: Db, before: number, limit: number): number {
  if (limit <= 0) return 0;
  return db.write(
    () =>
      db
        .prepare(`DELETE FROM idempotent_responses WHERE (scope, key) IN (
            SELECT scope, key FROM idempotent_responses WHERE created_at < ? ORDER BY created_at LIMIT ?
          )`)
        .run(before, limit).changes,
  );
}

/** Saves (or replaces) the response for scope + key. */
export function saveIdempotentResponse(db: Db, scope: string, key: string, response: { status: number; body: unknown }, now: number): void {
  db.write(() =>
    db
      .prepare(`
        INSERT INTO idempotent_responses (scope, key, status, body, created_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (scope, key) DO UPDATE SET status = excluded.status, body = excluded.body, created_at = excluded.created_at`)
      .run(scope, key, response.status, JSON.stringify(response.body ?? null), now),
  );
}
