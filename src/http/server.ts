/**
 * The HTTP service: the REST contract (also under its literal doubled prefix), the rest of the
 * library's API, health, metrics and OpenAPI, behind API keys, with one error shape.
 *
 * Routes:
 * - `/api/v1/push-notifications` (and `/api/v1/push-notifications/api/v1/push-notifications`):
 *   `GET /`, `POST /`, `GET|PUT|DELETE /:id`, `POST /batch`, `GET /batch/:id`,
 *   `POST /device-tokens`, `DELETE /device-tokens/:token`
 * - `/api/v1/users/:userId/`: `GET status`, `POST pause`, `POST resume`, `GET|DELETE notifications`
 * - `GET /healthz`, `GET /readyz`, `GET /metrics`, `GET /openapi.json`, `GET /docs`
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Pushgate } from '../core/pushgate.js';
import type { Logger } from '../util/logger.js';
import { registerAuth } from './auth.js';
import { batchRoutes } from './batch.js';
import type { RouteContext } from './context.js';
import { deviceTokenRoutes } from './device-tokens.js';
import { ApiError, registerErrorHandling, sendError } from './errors.js';
import { healthRoutes } from './health.js';
import { Idempotency } from './idempotency.js';
import { registerMetrics } from './metrics.js';
import { notificationRoutes } from './notifications.js';
import { collectRoutes, openApiRoutes } from './openapi.js';
import { userRoutes } from './users.js';
import { registerZodCompilers } from './validation.js';
import { Waiters } from './wait.js';

/** The REST contract's base path. */
export const CONTRACT_PREFIX = '/api/v1/push-notifications';
/** The contract's listing writes every path with the base twice; clients generated from it call these. */
export const DOUBLED_PREFIX = `${CONTRACT_PREFIX}${CONTRACT_PREFIX}`;
export const USERS_PREFIX = '/api/v1/users';

/** Default largest request body: 1 MiB (POST /batch accepts 4 times as much). */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export interface ServerOptions {
  pushgate: Pushgate;
  /** Keys accepted besides those stored (PUSHGATE_API_KEYS). Default none. */
  apiKeys?: string[];
  /** Serve without authentication (local experiments only). Default false. */
  insecureNoAuth?: boolean;
  /** Largest request body in bytes; POST /batch accepts 4 times as much. Default 1 MiB. */
  bodyLimit?: number;
  /** Logger for the server; default the Pushgate instance's logger (child `component: http`). */
  logger?: Logger;
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { pushgate } = options;
  const logger = (options.logger ?? pushgate.logger).child({ component: 'http' });
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  if (!Number.isInteger(bodyLimit) || bodyLimit < 1024) throw new Error(`bodyLimit must be an integer >= 1024, got ${bodyLimit}`);

  const app: FastifyInstance = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // Fastify's per-request lines would log raw URLs (which can hold push tokens): we log our own.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit,
    return503OnClosing: true,
    routerOptions: { ignoreDuplicateSlashes: true, maxParamLength: 1024 },
    // Malformed URLs and the like, answered in the one error shape.
    frameworkErrors: (error, request, reply) => {
      sendError(request, reply, error);
    },
  });

  // Many concurrent `?wait=` requests each listen on the engine for a moment.
  const engine = pushgate.engine;
  if (engine && typeof engine.setMaxListeners === 'function') engine.setMaxListeners(Math.max(engine.getMaxListeners(), 10_000));

  const waiters = new Waiters(pushgate);
  const ctx: RouteContext = { pushgate, idempotency: new Idempotency(pushgate.store), waiters, bodyLimit };

  registerZodCompilers(app);
  registerErrorHandling(app);
  const openapi = collectRoutes(app);
  registerAuth(app, { store: pushgate.store, staticKeys: options.apiKeys ?? [], disabled: options.insecureNoAuth ?? false });
  let closing = false;
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // A keep-alive socket left idle after its answer would hold close() until keepAliveTimeout.
    if (closing) reply.header('connection', 'close');
  });
  app.addHook('onResponse', async (request, reply) => {
    // Route templates only: raw URLs may carry push tokens.
    request.log.debug(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });
  // Stop waiting on Expo as soon as the server starts closing: those requests answer at once.
  app.addHook('preClose', async () => {
    closing = true;
    waiters.abortAll();
  });

  registerMetrics(app, pushgate, logger);
  await app.register(healthRoutes(pushgate));
  await app.register(openApiRoutes(openapi));
  for (const prefix of [CONTRACT_PREFIX, DOUBLED_PREFIX]) {
    await app.register(
      async (contract) => {
        await contract.register(notificationRoutes(ctx));
        await contract.register(batchRoutes(ctx));
        await contract.register(deviceTokenRoutes(ctx));
      },
      { prefix },
    );
  }
  await app.register(userRoutes(ctx), { prefix: USERS_PREFIX });
  await app.ready();
  return app;
}

export { ApiError };
