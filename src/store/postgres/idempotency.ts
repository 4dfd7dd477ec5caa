/** Stored HTTP responses, replayed for a repeated Idempotency-Key (the caller picks the window). */
import { type Db, query } from './connection.js';

export async function getIdempotentResponse(db: Db, scope: string, key: string, notBefore: number): Promise<{ status: number; body: unknown } | null> {
  const { rows } = await query<{ status: number; body: unknown }>(
    db,
    'SELECT status, body FROM idempotent_responses WHERE scope = $1 AND key = $2 AND created_at >= $3',
    [scope, key, notBefore],
  );
  return rows[0] ? { status: rows[0].status, body: rows[0].body } : null;
}

/** Deletes up to `limit` responses older than `before` (idempotent_responses_created_idx). */
export async function purgeIdempotentResponses(db: Db, before: number, limit: number): Promise<number> {
  if (limit <= 0) return 0;
  const { rowCount } = await query(
    db,
    `DELETE FROM idempotent_responses WHERE ctid IN (
       SELECT ctid FROM idempotent_responses WHERE created_at < $1 ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED
     )`,
    [before, limit],
  );
  return rowCount ?? 0;
}

/** Saves (or replaces) the response for scope + key. */
export async function saveIdempotentResponse(db: Db, scope: string, key: string, response: { status: number; body: unknown }, now: number): Promise<void> {
  await query(
    db,
    `INSERT INTO idempotent_responses (scope, key, status, body, created_at) VALUES ($1, $2, $3, $4::jsonb, $5)
     ON CONFLICT (scope, key) DO UPDATE SET status = EXCLUDED.status, body = EXCLUDED.body, created_at = EXCLUDED.created_at`,
    [scope, key, response.status, JSON.stringify(response.body ?? null), now],
  );
}
