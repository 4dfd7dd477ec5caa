/** API keys: only a hash and a display prefix are stored. */
import type { ApiKeyRecord } from '../port.js';
import { type Db, query } from './connection.js';

export async function createApiKey(db: Db, key: { id: string; name: string; hash: string; prefix: string }, now: number): Promise<void> {
  await query(db, 'INSERT INTO api_keys (id, name, hash, prefix, created_at) VALUES ($1, $2, $3, $4, $5)', [key.id, key.name, key.hash, key.prefix, now]);
}

export async function listApiKeys(db: Db): Promise<ApiKeyRecord[]> {
  const { rows } = await query<ApiKeyRecord>(
    db,
    'SELECT id, name, prefix, created_at AS "createdAt", revoked_at AS "revokedAt" FROM api_keys ORDER BY created_at, id',
  );
  return rows;
}

export async function findApiKeyByHash(db: Db, hash: string): Promise<{ id: string; revokedAt: number | null } | null> {
  const { rows } = await query<{ id: string; revokedAt: number | null }>(db, 'SELECT id, revoked_at AS "revokedAt" FROM api_keys WHERE hash = $1', [hash]);
  return rows[0] ?? null;
}

/** Revokes a key; false when unknown or already revoked. */
export async function revokeApiKey(db: Db, id: string, now: number): Promise<boolean> {
  const { rowCount } = await query(db, 'UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [id, now]);
  return (rowCount ?? 0) > 0;
}
