/**
 * A Fastify server of its own serving the Pushgate API plugin (plugin.ts), with explicit timeouts
 * so a slow or idle client cannot hold a connection forever.
 */
import { createServer } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from '../util/logger.js';
import { sendError } from './errors.js';
import { type PushgateApiOptions, pushgateApi } from './plugin.js';

export { CONTRACT_PREFIX, DEFAULT_BODY_LIMIT, DOUBLED_PREFIX, type PushgateApiOptions, pushgateApi, USERS_PREFIX } from './plugin.js';

/** Default time a client has to send a whole request (headers and body), ms. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** Default time a client has to send the request headers, ms. */
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
/** Default time an idle keep-alive connection is kept open after an answer, ms. */
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 5_000;
/** Default time a connection may stay silent before it is closed, ms (longer than the longest `?wait=`). */
export const DEFAULT_CONNECTION_TIMEOUT_MS = 90_000;

export interface ServerOptions extends PushgateApiOptions {
  /** Logger for the server; default the Pushgate instance's logger (child `component: http`). */
  logger?: Logger;
  /** Time a client has to send a whole request, ms. Default 30000. */
  requestTimeoutMs?: number;
  /** Time a client has to send the request headers, ms. Default 10000. */
  headersTimeoutMs?: number;
  /** Idle keep-alive connections are closed after this long, ms. Default 5000. */
  keepAliveTimeoutMs?: number;
  /** A connection silent this long is closed, ms. Default 90000. */
  connectionTimeoutMs?: number;
}

/** A ready Fastify server with the API at its root; call `listen` on it. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const logger = (options.logger ?? options.pushgate.logger).child({ component: 'http' });
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const app = Fastify({
    // Node checks request and header timeouts only every `connectionsCheckingInterval` (30 s by
    // default): checked this often, a client trickling its request is cut off near the timeout.
    // With a serverFactory Fastify applies none of its timeout options: all are set here.
    serverFactory: (handler) =>
      createServer(
        {
          requestTimeout,
          headersTimeout: Math.min(options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS, requestTimeout),
          keepAliveTimeout: options.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
          connectionsCheckingInterval: Math.max(100, Math.min(1_000, requestTimeout / 4)),
        },
        handler,
      ).setTimeout(options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS),
    loggerInstance: logger as FastifyBaseLogger,
    // Fastify's per-request lines would log raw URLs (which can hold push tokens): the plugin logs its own.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit,
    return503OnClosing: true,
    routerOptions: { ignoreDuplicateSlashes: true, maxParamLength: 1024 },
    // Malformed URLs and the like, answered in the one error shape.
    frameworkErrors: (error, request, reply) => {
      sendError(request, reply, error);
    },
  });
  await app.register(pushgateApi, options);
  await app.ready();
  return app;
}
