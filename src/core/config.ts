/**
 * Every option of the library, with its default. The CLI maps `PUSHGATE_*` environment variables
 * and flags onto these (see README "Configuration").
 */

import type { Clock } from '../domain/clock.js';
import { InvalidArgumentError } from '../domain/errors.js';
import { describeUnknownNames } from '../domain/suggest.js';
import type { EngineConfig } from '../engine/config.js';
import type { Store } from '../store/port.js';
import type { Logger, LogLevel } from '../util/logger.js';

export interface ExpoOptions {
  /** Base URL of Expo's push service. Default `https://exp.host` (env `PUSHGATE_EXPO_URL`). */
  url?: string;
  /** Expo access token for "enhanced security" (`Authorization: Bearer`). Default none (env `PUSHGATE_EXPO_ACCESS_TOKEN`). */
  accessToken?: string | null;
  /** Per-request timeout in ms. Default 30000. */
  timeoutMs?: number;
  /** Request bodies larger than this many bytes are gzip-compressed. Default 1024. */
  gzipThresholdBytes?: number;
  /**
   * Keep-alive connections to Expo, at most one request each. Default: the dispatcher's
   * `concurrency` (48), so that every request in flight has a connection of its own rather than
   * waiting for one.
   */
  connections?: number;
}

export interface PushgateOptions {
  /** `file:<path>` (SQLite, default `file:./data/pushgate.db`) or `postgres://...` (env `PUSHGATE_DATABASE_URL`). */
  databaseUrl?: string;
  /** A store to use instead of opening `databaseUrl` (tests, embedding). Default: opened from `databaseUrl`. */
  store?: Store;
  /** Apply pending migrations when opening. Default true. */
  migrate?: boolean;
  expo?: ExpoOptions;
  /** Run the dispatcher, receipt checker and janitor in this process. Default true. */
  runEngine?: boolean;
  /** Messages per second per Expo project, shared by all processes on one database; 0 = no limit. Default 600 (env `PUSHGATE_SEND_RATE`). */
  sendRatePerSecond?: number;
  /**
   * The send rate is enforced over windows of this many ms: a little over a second absorbs jitter
   * between a grant and the request's arrival at Expo, so Expo never sees more than
   * `sendRatePerSecond` in any second (and answers no 429), at the cost of (window-1000)/window of
   * the rate. Raise it where the network (or an overloaded host) adds more jitter. Default 1020.
   */
  rateWindowMs?: number;
  /**
   * Expo requests in flight at once per process. Default 48 (env `PUSHGATE_CONCURRENCY`). More
   * requests in flight make each claim and each stored batch of answers larger, which is what
   * the store's cost per message depends on: with a 20 ms round trip, 100,000 messages went
   * 11-15k/s at 16, 15-17k/s at 32 and 17-18k/s at 48 on PostgreSQL (2026-11-30; later, with
   * the cheaper writes of migrations 3-4, 18-21k at 32 and 19-24k at 48), and 25-30k/s at 16,
   * 34-35k/s at 32 and 48 on SQLite. Over a longer round trip (Expo is across the internet) it
   * is what caps a process's rate without a send limit: 48 x 100 messages per round trip. The
   * cost: a crash leaves the messages of every unanswered request `maybe_delivered` (up to
   * 4,800).
   */
  concurrency?: number;
  /** Messages per Expo request, 1..100. Default 100. */
  batchSize?: number;
  /**
   * Under load only (requests already in flight and the last claim found less than it could
   * take), how long the dispatcher lets a partial batch fill before claiming it, ms. An idle
   * service never waits: a lone notification is claimed at once. 0 disables. Default 10.
   */
  lingerMs?: number;
  /**
   * How long a claimed delivery stays leased to this process before others may recover it, ms.
   * A backstop: a process that stops is noticed sooner by its missing heartbeat. Default 60000.
   */
  leaseMs?: number;
  /** How often each engine renews its heartbeat (and looks for stopped engines' work), ms. Default 1000. */
  heartbeatMs?: number;
  /**
   * An engine whose heartbeat is this old is taken for dead and its claimed deliveries are
   * recovered (those a request may have carried become maybe_delivered, the rest are sent again), ms.
   * Keep it well above `heartbeatMs` and above the longest pause of a busy event loop. Default 5000.
   */
  deadAfterMs?: number;
  /** Expo requests a delivery may ride in before it fails for good. Default 8. */
  maxAttempts?: number;
  /** First retry delay, ms (doubles each attempt, with jitter). Default 1000. */
  retryBaseDelayMs?: number;
  /** Longest retry delay, ms. Default 300000 (5 min). */
  retryMaxDelayMs?: number;
  /** Delay before a receipt is checked, ms. Default 900000 (15 min) (env `PUSHGATE_RECEIPT_DELAY_MS`). */
  receiptDelayMs?: number;
  /** How often an unavailable receipt is asked for again, ms. Default 300000 (5 min). */
  receiptRecheckMs?: number;
  /** After this long without a receipt, a sent delivery becomes `maybe_delivered` (ReceiptMissing), ms. Default 86400000 (24 h). */
  receiptGiveUpMs?: number;
  /** Finished notifications older than this are deleted, ms; 0 keeps everything. Default 30 days (env `PUSHGATE_RETENTION_DAYS`). */
  retentionMs?: number;
  /** How often the janitor runs (retention, and stored Idempotency-Key answers past their 24 h), ms. Default 3600000 (1 h). */
  janitorIntervalMs?: number;
  /** Default for sends to a user without an active device: false throws UnregisteredUserError, true returns null. Default false. */
  allowUnregisteredTokens?: boolean;
  /** DEBUG, INFO, WARN or ERROR. Default INFO (env `PUSHGATE_LOG_LEVEL`). */
  logLevel?: LogLevel;
  /** A pino logger to use instead of creating one. Default: a new one at `logLevel`. */
  logger?: Logger;
  /** Where the engine and the store read the time. Default the system clock (tests pass their own). */
  clock?: Clock;
}

export type ResolvedConfig = Required<Omit<PushgateOptions, 'store' | 'logger' | 'expo' | 'clock'>> & {
  expo: Required<ExpoOptions>;
};

/** How long an HTTP answer is replayed for a repeated Idempotency-Key; the janitor deletes older ones. */
export const IDEMPOTENCY_REPLAY_WINDOW_MS = 24 * 3_600_000;

const DEFAULT_CONCURRENCY = 48;

export const DEFAULTS: ResolvedConfig = {
  databaseUrl: 'file:./data/pushgate.db',
  migrate: true,
  runEngine: true,
  sendRatePerSecond: 600,
  rateWindowMs: 1_020,
  concurrency: DEFAULT_CONCURRENCY,
  batchSize: 100,
  lingerMs: 10,
  leaseMs: 60_000,
  heartbeatMs: 1_000,
  deadAfterMs: 5_000,
  maxAttempts: 8,
  retryBaseDelayMs: 1_000,
  retryMaxDelayMs: 300_000,
  receiptDelayMs: 900_000,
  receiptRecheckMs: 300_000,
  receiptGiveUpMs: 86_400_000,
  retentionMs: 30 * 86_400_000,
  janitorIntervalMs: 3_600_000,
  allowUnregisteredTokens: false,
  logLevel: 'INFO',
  expo: {
    url: 'https://exp.host',
    accessToken: null,
    timeoutMs: 30_000,
    gzipThresholdBytes: 1024,
    connections: DEFAULT_CONCURRENCY, // resolveConfig: the resolved concurrency unless set
  },
};

const OPTION_NAMES = [...Object.keys(DEFAULTS), 'store', 'logger', 'clock'];
const EXPO_OPTION_NAMES = Object.keys(DEFAULTS.expo);
const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'debug', 'info', 'warn', 'error', 'silent'];

const isPlainObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const bad = (message: string, option: string) => new InvalidArgumentError(`Pushgate.open: ${message}`, { argument: option });

/** Unknown option names, refused with the closest known one (a misspelt option would silently keep its default). */
function checkNames(given: Record<string, unknown>, known: readonly string[], where: string): void {
  const unknown = Object.keys(given).filter((name) => !known.includes(name));
  if (unknown.length > 0) throw bad(describeUnknownNames(unknown, known, 'option', where), unknown[0]!);
}

/** Fills in defaults and checks types and ranges; throws InvalidArgumentError naming the bad option. */
export function resolveConfig(options: PushgateOptions): ResolvedConfig {
  if (options === undefined || options === null) options = {};
  if (!isPlainObject(options)) throw bad(`options must be an object such as { databaseUrl: 'file:./data/pushgate.db' }, got ${typeof options}`, 'options');
  checkNames(options, OPTION_NAMES, 'options');
  if (options.expo !== undefined && !isPlainObject(options.expo)) throw bad('expo must be an object such as { url, accessToken }', 'expo');
  checkNames(options.expo ?? {}, EXPO_OPTION_NAMES, 'options.expo');
  const { store: _s, logger: _l, clock: _c, expo, ...rest } = options;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  const expoDefined = Object.fromEntries(Object.entries(expo ?? {}).filter(([, v]) => v !== undefined));
  const config: ResolvedConfig = { ...DEFAULTS, ...defined, expo: { ...DEFAULTS.expo, ...expoDefined } };
  if (expoDefined.connections === undefined) config.expo.connections = config.concurrency;
  const checkInt = (name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      throw bad(`option ${name} must be a number between ${min} and ${max}, got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`, name);
    }
  };
  const checkBoolean = (name: string, value: unknown) => {
    if (typeof value !== 'boolean') throw bad(`option ${name} must be true or false, got ${JSON.stringify(value)}`, name);
  };
  if (typeof config.databaseUrl !== 'string' || !/^(file:.+|postgres(ql)?:\/\/.+|:memory:)$/.test(config.databaseUrl)) {
    throw bad(
      `option databaseUrl must be a string, file:<path> (SQLite) or postgres://... (PostgreSQL), got ${JSON.stringify(config.databaseUrl) ?? String(config.databaseUrl)}`,
      'databaseUrl',
    );
  }
  checkBoolean('migrate', config.migrate);
  checkBoolean('runEngine', config.runEngine);
  checkBoolean('allowUnregisteredTokens', config.allowUnregisteredTokens);
  if (!LOG_LEVELS.includes(config.logLevel))
    throw bad(`option logLevel must be one of DEBUG, INFO, WARN, ERROR, got ${JSON.stringify(config.logLevel)}`, 'logLevel');
  checkInt('batchSize', config.batchSize, 1, 100);
  checkInt('lingerMs', config.lingerMs, 0, 1_000);
  checkInt('concurrency', config.concurrency, 1, 1000);
  checkInt('sendRatePerSecond', config.sendRatePerSecond, 0);
  checkInt('rateWindowMs', config.rateWindowMs, 1000, 60_000);
  checkInt('leaseMs', config.leaseMs, 1000);
  checkInt('heartbeatMs', config.heartbeatMs, 100, 60_000);
  checkInt('deadAfterMs', config.deadAfterMs, 2 * config.heartbeatMs);
  checkInt('maxAttempts', config.maxAttempts, 1);
  checkInt('retryBaseDelayMs', config.retryBaseDelayMs, 0);
  checkInt('retryMaxDelayMs', config.retryMaxDelayMs, 0);
  checkInt('receiptDelayMs', config.receiptDelayMs, 0);
  checkInt('receiptRecheckMs', config.receiptRecheckMs, 0);
  checkInt('receiptGiveUpMs', config.receiptGiveUpMs, 0);
  checkInt('retentionMs', config.retentionMs, 0);
  checkInt('janitorIntervalMs', config.janitorIntervalMs, 1);
  checkInt('expo.timeoutMs', config.expo.timeoutMs, 1);
  checkInt('expo.gzipThresholdBytes', config.expo.gzipThresholdBytes, 0);
  checkInt('expo.connections', config.expo.connections, 1, 1000);
  if (typeof config.expo.url !== 'string' || !/^https?:\/\/./.test(config.expo.url)) {
    throw bad(`option expo.url must be an http(s) URL, got ${JSON.stringify(config.expo.url)}`, 'expo.url');
  }
  if (config.expo.accessToken !== null && typeof config.expo.accessToken !== 'string')
    throw bad('option expo.accessToken must be a string or null', 'expo.accessToken');
  config.expo.url = config.expo.url.replace(/\/+$/, '');
  return config;
}

/** The engine's part of the configuration. */
export function engineConfig(config: ResolvedConfig): EngineConfig {
  return { ...config, idempotencyReplayWindowMs: IDEMPOTENCY_REPLAY_WINDOW_MS };
}
