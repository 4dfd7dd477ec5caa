/**
 * The Pushgate HTTP API as a Fastify plugin, so a host application can mount it under a prefix of
 * its own (`app.register(pushgateApi, { pushgate, prefix: '/push' })`); `buildServer` (server.ts)
 * mounts it on a server of its own. Everything here is encapsulated: its validation, error shape,
 * authentication and content types apply to its routes only, never to the host's.
 *
 * Routes, relative to the mount point:
 * - `/api/v1/push-notifications` (and `/api/v1/push-notifications/api/v1/push-notifications`):
 *   `GET /`, `POST /`, `GET|PUT|DELETE /:id`, `POST /batch`, `GET /batch/:id`,
 *   `POST /device-tokens`, `DELETE /device-tokens/:token`
 * - `/api/v1/users/:userId/`: `GET status`, `POST pause`, `POST resume`, `GET|DELETE notifications`
 * - `GET /healthz`, `GET /readyz`, `GET /metrics`, `GET /openapi.json`, `GET /docs`
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Pushgate } from '../core/pushgate.js';
import { registerAuth } from './auth.js';
import { batchRoutes } from './batch.js';
import type { App, RouteContext } from './context.js';
import { deviceTokenRoutes } from './device-tokens.js';
import { registerErrorHandling } from './errors.js';
import { healthRoutes } from './health.js';
import { Idempotency } from './idempotency.js';
import { collectMethods } from './methods.js';
import { registerMetrics } from './metrics.js';
import { notificationRoutes } from './notifications.js';
import { collectRoutes, openApiRoutes } from './openapi.js';
import { userRoutes } from './users.js';
import { registerZodCompilers } from './validation.js';

/** The REST contract's base path. */
export const CONTRACT_PREFIX = '/api/v1/push-notifications';
/** The contract's listing writes every path with the base twice; clients generated from it call these. */
export const DOUBLED_PREFIX = `${CONTRACT_PREFIX}${CONTRACT_PREFIX}`;
export const USERS_PREFIX = '/api/v1/users';

/** Default largest request body: 1 MiB (POST /batch accepts 4 times as much). */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export interface PushgateApiOptions {
  pushgate: Pushgate;
  /** Keys accepted besides those stored (PUSHGATE_API_KEYS). Default none. */
  apiKeys?: string[];
  /** Serve without authentication (local experiments only). Default false. */
  insecureNoAuth?: boolean;
  /** Largest request body in bytes; POST /batch accepts 4 times as much. Default 1 MiB. */
  bodyLimit?: number;
}

export const pushgateApi: FastifyPluginAsync<PushgateApiOptions> = async (fastify, options) => {
  const app = fastify.withTypeProvider() as App;
  const { pushgate } = options;
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  if (!Number.isInteger(bodyLimit) || bodyLimit < 1024) throw new Error(`bodyLimit must be an integer >= 1024, got ${bodyLimit}`);

  // Many concurrent `?wait=` requests each listen on the engine for a moment.
  const engine = pushgate.engine;
  if (engine) engine.setMaxListeners(Math.max(engine.getMaxListeners(), 10_000));

  const closing = new AbortController();
  const ctx: RouteContext = { pushgate, idempotency: new Idempotency(pushgate), closing: closing.signal, bodyLimit };

  // Every route of the API takes this body limit unless it sets its own (POST /batch).
  app.addHook('onRoute', (route) => {
    route.bodyLimit ??= bodyLimit;
  });
  registerZodCompilers(app);
  const methods = collectMethods(app);
  registerErrorHandling(app, methods.allowedMethods);
  const openapi = collectRoutes(app);
  registerAuth(app, { pushgate, staticKeys: options.apiKeys ?? [], disabled: options.insecureNoAuth ?? false });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // A keep-alive socket left idle after its answer would hold close() until keepAliveTimeout.
    if (closing.signal.aborted) reply.header('connection', 'close');
  });
  app.addHook('onResponse', async (request, reply) => {
    // Route templates only: raw URLs may carry push tokens.
    request.log.debug(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });
  // Stop waiting on Expo as soon as the server starts closing: those requests answer at once.
  app.addHook('preClose', async () => closing.abort());

  registerMetrics(app, pushgate, pushgate.logger);
  await app.register(healthRoutes(ctx));
  await app.register(openApiRoutes(openapi));
  for (const prefix of [CONTRACT_PREFIX, DOUBLED_PREFIX]) {
    await app.register(
      async (contract: App) => {
        await contract.register(notificationRoutes(ctx));
        await contract.register(batchRoutes(ctx));
        await contract.register(deviceTokenRoutes(ctx));
      },
      { prefix },
    );
  }
  await app.register(userRoutes(ctx), { prefix: USERS_PREFIX });
};
