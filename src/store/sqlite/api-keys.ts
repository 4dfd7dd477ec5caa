/** API keys: only a hash and a display prefix are stored. */
import type { ApiKeyRecord } from '../port.js';
import type { Db } from './connection.js';

export function createApiKey(db: Db, key: { id: string; name: string; hash: string; prefix: string }, now: number): void {
  db.write(() =>
    db.prepare('INSERT INTO api_keys (id, name, hash, prefix, created_at) VALUES (?, ?, ?, ?, ?)').run(key.id, key.name, key.hash, key.prefix, now),
  );
}

export function listApiKeys(db: Db): ApiKeyRecord[] {
  return db.prepare('SELECT id, name, prefix, created_at AS createdAt, revoked_at AS revokedAt FROM api_keys ORDER BY created_at, id').all() as ApiKeyRecord[];
}

export function findApiKeyByHash(db: Db, hash: string): { id: string; revokedAt: number | null } | null {
  const row = db.prepare('SELECT id, revoked_at AS revokedAt FROM api_keys WHERE hash = ?').get(hash);
  return (row as { id: string; revokedAt: number | null } | undefined) ?? null;
}

/** Revokes a key; false when unknown or already revoked. */
export function revokeApiKey(db: Db, id: string, now: number): boolean {
  return db.write(() => db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now, id).changes > 0);
}
