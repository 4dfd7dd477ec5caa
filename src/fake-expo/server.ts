/**
 * A fake of Expo's push service over real HTTP (plain node:http), for tests, benchmarks and
 * local development: Expo's validation, tickets and receipts, gzip bodies, access tokens,
 * per-project rate limits, PUSH_TOO_MANY_EXPERIENCE_IDS, and faults injected on demand.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { handleAdmin } from './admin.js';
import type { FakeContext } from './context.js';
import type { FakeExpoFaults } from './faults.js';
import { Listener } from './listener.js';
import { ProjectRateLimiter, RATE_LIMIT_MODES, type RateLimitMode } from './rate-limit.js';
import { handleReceipts } from './receipts.js';
import { HttpError, json, type Reply } from './replies.js';
import { handleSend, type NoReply } from './send.js';
import { type FakeExpoStats, FakeState } from './state.js';

/** Paths of Expo's push API, relative to the base URL (what expo-server-sdk calls EXPO_BASE_URL). */
export const SEND_PATH = '/--/api/v2/push/send';
export const RECEIPTS_PATH = '/--/api/v2/push/getReceipts';

export interface FakeExpoOptions {
  /** Port to listen on. Default 0 (ephemeral). */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** When set, Expo requests need `Authorization: Bearer <it>`, else 401 invalid_token. Default none. */
  accessToken?: string | null;
  /** Messages per second per Expo project; 0 = unlimited. Adjustable later via `faults.rateLimit`. Default 600. */
  rateLimitPerSecond?: number;
  /**
   * How the rate limit is enforced. 'bucket': a token bucket holding one second of the rate, so a
   * project quiet for a while may send a whole second's worth at once. 'window': a request is
   * refused when it would put more than `rateLimitPerSecond` messages, counted at their request's
   * arrival, in any 1000 ms. Both refuse a whole request with 429 and Retry-After. Adjustable
   * later via `faults.rateLimit`. Default 'bucket'.
   */
  rateLimitMode?: RateLimitMode;
  /**
   * Monotonic milliseconds stamping each /send request's arrival, which the rate limit and the
   * timeline (`performance.timeOrigin` + it) use; tests inject one to place arrivals exactly.
   * Default `performance.now`.
   */
  clock?: () => number;
  /** Added before answering each Expo request (adjustable later via `faults.latencyMs`). Default 0. */
  latencyMs?: number;
  /** Receipts become available this long after their ticket. Default 0. */
  receiptDelayMs?: number;
  /** Project of tokens that do not name one (`ExponentPushToken[<name>@...]`). Default `@pushgate/default`. */
  defaultProject?: string;
}

export interface FakeExpo {
  /** Base URL, e.g. `http://127.0.0.1:12345`; clients POST `{url}/--/api/v2/push/send` and `.../getReceipts`. */
  readonly url: string;
  readonly port: number;
  /** Faults to inject; mutate freely. The same object for the fake's whole life (reset clears it in place). */
  readonly faults: FakeExpoFaults;
  /** A snapshot of the counters. */
  /** `brief` leaves out the per-token counts: cheap enough to poll often. */
  stats(brief?: boolean): FakeExpoStats;
  /**
   * Clears stats, tickets and receipts, faults (the rate limit back to the options', connections
   * accepted again), refills the rate limits, and drops the connections of hung requests.
   */
  reset(): void;
  /** Stops listening and closes every connection, idle and hung ones included. */
  close(): Promise<void>;
}

const KEEP_ALIVE_MS = 10_000;

function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed) return;
  res.writeHead(reply.status, {
    'content-type': reply.contentType,
    'content-length': Buffer.byteLength(reply.body),
    ...reply.headers,
  });
  res.end(reply.body);
}

function internalError(error: unknown): Reply {
  return json(500, { errors: [{ code: 'INTERNAL_SERVER_ERROR', message: `An unknown error occurred: ${String(error)}`, isTransient: true }] });
}

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Starts a fake Expo push service.
 * @returns once it listens; `url` is the base URL to give clients.
 */
export async function startFakeExpo(options: FakeExpoOptions = {}): Promise<FakeExpo> {
  const host = options.host ?? '127.0.0.1';
  const rateLimit = { perSecond: options.rateLimitPerSecond ?? 600, mode: options.rateLimitMode ?? 'bucket' };
  if (!RATE_LIMIT_MODES.includes(rateLimit.mode)) throw new Error(`rateLimitMode must be one of ${RATE_LIMIT_MODES.join(', ')}`);
  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => send(res, internalError(error)));
  });
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 5_000;
  // The listener and the state need each other (faults.refuseConnections drives the listener,
  // which counts in the state); its callback runs only once the fake serves.
  const listener = new Listener(server, (openConnections) => {
    ctx.state.faulted.refusals++;
    ctx.state.faulted.connectionsClosed += openConnections;
  });
  const ctx: FakeContext = {
    state: new FakeState({ latencyMs: options.latencyMs ?? 0, rateLimit }, listener),
    limiter: new ProjectRateLimiter(),
    accessToken: options.accessToken || null,
    defaultProject: options.defaultProject ?? '@pushgate/default',
    receiptDelayMs: options.receiptDelayMs ?? 0,
    clock: options.clock ?? (() => performance.now()),
  };
  // Hung requests would otherwise outlive the reset that clears the fault which made them.
  const hung = new Set<ServerResponse>();
  const reset = () => {
    ctx.state.reset();
    ctx.limiter.reset();
    for (const res of hung) res.destroy();
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const path = q < 0 ? target : target.slice(0, q);
    if (path.startsWith('/__fake/')) {
      send(res, await handleAdmin(ctx, req, path, new URLSearchParams(q < 0 ? '' : target.slice(q + 1)), reset).catch(toReply));
      return;
    }
    let reply: Reply | NoReply;
    if (req.method === 'POST' && path === SEND_PATH) reply = await handleSend(ctx, req).catch(toReply);
    else if (req.method === 'POST' && path === RECEIPTS_PATH) reply = await handleReceipts(ctx, req).catch(toReply);
    else reply = json(404, { errors: [{ code: 'NOT_FOUND', message: `${req.method} ${path} is not an Expo push endpoint.` }] });
    if (res.destroyed) return;
    // A hung request keeps its socket until the client gives up, or reset() or close() ends it.
    if (reply === 'hang') {
      hung.add(res);
      res.once('close', () => hung.delete(res));
      return;
    }
    // An RST rather than a FIN: what a client sees when a connection breaks mid-request.
    if (reply === 'reset') {
      req.socket.resetAndDestroy();
      return;
    }
    ctx.state.countStatus(reply.status);
    send(res, reply);
  }

  const { port } = await listener.listen(options.port ?? 0, host);
  return {
    url: `http://${urlHost(host)}:${port}`,
    port,
    faults: ctx.state.faults,
    stats: (brief = false) => ctx.state.stats(brief),
    reset,
    close: () => listener.close(),
  };
}

function toReply(error: unknown): Reply {
  return error instanceof HttpError ? error.reply : internalError(error);
}
