/**
 * API keys: random secrets stored only as SHA-256 hashes (a hash lookup reveals nothing usable
 * about other keys) with a short display prefix. The secret is shown once, when it is made.
 */
import { createHash, randomBytes } from 'node:crypto';
import { ID_PREFIX, newId } from '../domain/ids.js';
import type { ApiKeyRecord, Store } from '../store/port.js';

export type { ApiKeyRecord };

/** Keys longer than this are refused without hashing. */
const MAX_KEY_LENGTH = 512;

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A new random key: `pgk_` and 43 base64url characters (256 bits). */
export function generateApiKey(): string {
  return `pgk_${randomBytes(32).toString('base64url')}`;
}

/** A key just made: its id, and the secret (shown once, never stored). */
export interface CreatedApiKey {
  id: string;
  key: string;
  prefix: string;
}

export async function createApiKey(store: Store, name: string, now: number): Promise<CreatedApiKey> {
  const key = generateApiKey();
  const id = newId(ID_PREFIX.apiKey, now);
  const prefix = key.slice(0, 10);
  await store.createApiKey({ id, name, hash: hashKey(key), prefix }, now);
  return { id, key, prefix };
}

/** Whether a presented key is one of the stored ones. */
export type ApiKeyCheck = { valid: true; id: string } | { valid: false; reason: 'unknown' | 'revoked' };

export async function verifyApiKey(store: Store, key: string): Promise<ApiKeyCheck> {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) return { valid: false, reason: 'unknown' };
  const stored = await store.findApiKeyByHash(hashKey(key));
  if (!stored) return { valid: false, reason: 'unknown' };
  if (stored.revokedAt !== null) return { valid: false, reason: 'revoked' };
  return { valid: true, id: stored.id };
}
