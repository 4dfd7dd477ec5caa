/**
 * API keys: `Authorization: Bearer <key>` on every route not marked `public` (health checks and
 * the API's documentation are public), checked before the body is read. Stored keys are looked up
 * by hash through the facade; keys given in configuration (PUSHGATE_API_KEYS) are compared as
 * hashes with crypto.timingSafeEqual, every one of them every time.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { hashKey } from '../core/api-keys.js';
import type { Pushgate } from '../core/pushgate.js';
import { ApiError } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who called: `key_...` for a stored key, `static` for a configured one, `anonymous` without auth. */
    principal: string;
  }
}

const unauthorized = (message: string) => new ApiError(401, 'Unauthorized', message, undefined, { 'www-authenticate': 'Bearer realm="pushgate"' });

/** What is wrong with an Authorization header that is not `Bearer <key>`, and how to send it. */
function missingKeyMessage(header: string | undefined): string {
  const how = 'send "Authorization: Bearer <key>"';
  if (header === undefined || header.trim() === '') return `missing API key: ${how}`;
  const parts = header.trim().split(/\s+/);
  if (parts.length === 1 && /^bearer$/i.test(parts[0]!)) return `the Authorization header has no key after "Bearer": ${how}`;
  if (parts.length === 1) return `the Authorization header holds no scheme: put "Bearer " before the key (${how})`;
  if (/^bearer$/i.test(parts[0]!)) return `the Authorization header has more than one word after "Bearer": ${how}`;
  return `the Authorization scheme is ${JSON.stringify(parts[0]!.slice(0, 20))}, not Bearer: ${how}`;
}

export interface AuthOptions {
  pushgate: Pushgate;
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
    if (!match) throw unauthorized(missingKeyMessage(header));
    const key = match[1]!;
    const given = Buffer.from(hashKey(key), 'hex');
    let staticMatch = false;
    for (const candidate of staticHashes) staticMatch = timingSafeEqual(candidate, given) || staticMatch;
    if (staticMatch) {
      request.principal = 'static';
      return;
    }
    const check = await options.pushgate.verifyApiKey(key);
    if (!check.valid) throw unauthorized(check.reason === 'revoked' ? 'this API key has been revoked' : 'invalid API key');
    request.principal = check.id;
  });
}
