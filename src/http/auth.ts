/**
 * API keys: `Authorization: Bearer <key>` on every route not marked `public` (health checks and
 * the API's documentation are public). Keys are stored only as SHA-256 hashes (the store looks a
 * key up by its hash; a hash lookup reveals nothing usable about other keys). Keys given in
 * configuration (PUSHGATE_API_KEYS) are compared as hashes with crypto.timingSafeEqual, every one
 * of them every time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/store.js';
import { ID_PREFIX, newId } from '../util/ids.js';
import { ApiError } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who called: `key_...` for a stored key, `static` for a configured one, `anonymous` without auth. */
    principal: string;
  }
}

/** Keys longer than this are refused without hashing. */
const MAX_KEY_LENGTH = 512;

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A new random key: `pgk_` and 43 base64url characters (256 bits). */
export function generateApiKey(): string {
  return `pgk_${randomBytes(32).toString('base64url')}`;
}

/** Creates and stores a new key; returns the secret (shown once, never stored) and its id. */
export async function createApiKey(store: Store, name: string): Promise<{ id: string; key: string; prefix: string }> {
  const key = generateApiKey();
  const id = newId(ID_PREFIX.apiKey);
  const prefix = key.slice(0, 10);
  await store.createApiKey({ id, name, hash: hashKey(key), prefix }, Date.now());
  return { id, key, prefix };
}

const unauthorized = (message: string) => new ApiError(401, 'Unauthorized', message, undefined, { 'www-authenticate': 'Bearer realm="pushgate"' });

export interface AuthOptions {
  store: Store;
  /** Keys accepted besides stored ones. */
  staticKeys: readonly string[];
  /** No authentication at all (local experiments). */
  disabled: boolean;
}

export function registerAuth(app: FastifyInstance, options: AuthOptions): void {
  const staticHashes = options.staticKeys.filter((k) => k.length > 0).map((k) => Buffer.from(hashKey(k), 'hex'));
  app.decorateRequest('principal', 'anonymous');
  app.addHook('onRequest', async (request) => {
    if (options.disabled || request.routeOptions.config?.public === true) return;
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header) : null;
    if (!match) throw unauthorized('missing API key: send "Authorization: Bearer <key>"');
    const key = match[1]!;
    if (key.length > MAX_KEY_LENGTH) throw unauthorized('invalid API key');
    const hash = hashKey(key);
    const given = Buffer.from(hash, 'hex');
    let staticMatch = false;
    for (const candidate of staticHashes) staticMatch = timingSafeEqual(candidate, given) || staticMatch;
    if (staticMatch) {
      request.principal = 'static';
      return;
    }
    const stored = await options.store.findApiKeyByHash(hash);
    if (!stored) throw unauthorized('invalid API key');
    if (stored.revokedAt !== null) throw unauthorized('this API key has been revoked');
    request.principal = stored.id;
  });
}
