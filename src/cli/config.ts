/**
 * Configuration of `pushgate serve` / `pushgate worker` from `PUSHGATE_*` environment variables
 * and command-line flags (a flag wins over its variable). Every value is checked here, so a typo
 * stops the process at startup with a message naming the setting, never later.
 *
 * Secrets (`PUSHGATE_API_KEYS`, `PUSHGATE_EXPO_ACCESS_TOKEN`) are read from the environment only:
 * a command line is visible to every user of the machine (`ps`).
 */
import { DEFAULTS, type PushgateOptions } from '../core/config.js';
import type { LogLevel } from '../util/logger.js';

/** Default port of the HTTP API. */
export const DEFAULT_PORT = 8080;
/**
 * Default interface: loopback only, so a first `pushgate serve` is not reachable from the network.
 * Set `PUSHGATE_HOST=0.0.0.0` (e.g. in a container) to listen on every interface.
 */
export const DEFAULT_HOST = '127.0.0.1';
/** Default largest request body, bytes (1 MiB; POST /batch accepts 4 times as much). */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;
/** Default retention of finished notifications, days. */
export const DEFAULT_RETENTION_DAYS = DEFAULTS.retentionMs / 86_400_000;

export interface ServiceConfig {
  /** `--port` / `PUSHGATE_PORT`: port of the HTTP API, 0 for any free one. Default 8080. */
  port: number;
  /** `--host` / `PUSHGATE_HOST`: interface to listen on. Default `127.0.0.1` (loopback only; `0.0.0.0` for all). */
  host: string;
  /** `PUSHGATE_API_KEYS`: comma-separated keys accepted besides the stored ones (`pushgate keys create`). Default none. */
  apiKeys: string[];
  /** `--insecure-no-auth` (flag only, deliberately no variable): accept requests without a key. Default false. */
  insecureNoAuth: boolean;
  /** `--body-limit` / `PUSHGATE_BODY_LIMIT`: largest request body in bytes. Default 1048576 (1 MiB). */
  bodyLimit: number;
  /** `--retention-days` / `PUSHGATE_RETENTION_DAYS`: finished notifications are deleted after this many days; 0 keeps all. Default 30. */
  retentionDays: number;
  /**
   * Options of the library (core/config.ts has every default):
   * - `databaseUrl`: `--database-url` / `PUSHGATE_DATABASE_URL`, default `file:./data/pushgate.db`
   *   (SQLite; `postgres://user:pass@host/db` for PostgreSQL)
   * - `expo.url`: `--expo-url` / `PUSHGATE_EXPO_URL`, default `https://exp.host`
   * - `expo.accessToken`: `PUSHGATE_EXPO_ACCESS_TOKEN`, default none
   * - `logLevel`: `--log-level` / `PUSHGATE_LOG_LEVEL` (DEBUG, INFO, WARN, ERROR), default INFO
   * - `receiptDelayMs`: `--receipt-delay-ms` / `PUSHGATE_RECEIPT_DELAY_MS`, default 900000 (15 min)
   * - `sendRatePerSecond`: `--send-rate` / `PUSHGATE_SEND_RATE` (messages/s per Expo project, 0 = no limit), default 600
   * - `concurrency`: `--concurrency` / `PUSHGATE_CONCURRENCY` (Expo requests in flight), default 48
   * - `retentionMs`: from `retentionDays`
   * - `migrate`: `--no-migrate` / `PUSHGATE_MIGRATE=false` skips applying migrations at start, default true
   */
  pushgate: PushgateOptions & {
    databaseUrl: string;
    expo: { url: string; accessToken: string | null };
    logLevel: LogLevel;
    receiptDelayMs: number;
    sendRatePerSecond: number;
    concurrency: number;
    retentionMs: number;
    migrate: boolean;
  };
}

/** Flags as commander hands them over (strings; `migrate` false for `--no-migrate`). */
export interface CliFlags {
  port?: string;
  host?: string;
  databaseUrl?: string;
  expoUrl?: string;
  logLevel?: string;
  receiptDelayMs?: string;
  sendRate?: string;
  concurrency?: string;
  retentionDays?: string;
  bodyLimit?: string;
  migrate?: boolean;
  insecureNoAuth?: boolean;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'];

/** The flag's value, else the variable's, else undefined; names the source for messages. */
function pick(flag: string | undefined, flagName: string, env: NodeJS.ProcessEnv, envName: string): { value: string; from: string } | undefined {
  if (flag !== undefined) return { value: flag, from: `--${flagName}` };
  const raw = env[envName];
  if (raw === undefined || raw.trim() === '') return undefined;
  return { value: raw.trim(), from: envName };
}

function integer(source: { value: string; from: string } | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (source === undefined) return fallback;
  const n = Number(source.value);
  if (!/^-?\d+$/.test(source.value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new ConfigError(`${source.from} must be a whole number between ${min} and ${max}, got "${source.value}"`);
  }
  return n;
}

function bool(source: { value: string; from: string } | undefined, fallback: boolean): boolean {
  if (source === undefined) return fallback;
  const v = source.value.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(`${source.from} must be true or false, got "${source.value}"`);
}

function httpUrl(source: { value: string; from: string } | undefined, fallback: string): string {
  if (source === undefined) return fallback;
  let url: URL;
  try {
    url = new URL(source.value);
  } catch {
    throw new ConfigError(`${source.from} must be an http(s) URL, got "${source.value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${source.from} must be an http(s) URL, got "${source.value}"`);
  return source.value.replace(/\/+$/, '');
}

/** Checks a database URL: `file:<path>` (SQLite) or `postgres://` / `postgresql://`. */
export function checkDatabaseUrl(url: string, from = 'database URL'): string {
  if (/^file:.+/.test(url) || /^postgres(ql)?:\/\/.+/.test(url)) return url;
  throw new ConfigError(`${from} must be file:<path> or postgres://..., got "${maskUrl(url)}"`);
}

/** The database URL for commands that only need the database (migrate, keys). */
export function databaseUrlFrom(env: NodeJS.ProcessEnv, flag?: string): string {
  const source = pick(flag, 'database-url', env, 'PUSHGATE_DATABASE_URL');
  return checkDatabaseUrl(source?.value ?? DEFAULTS.databaseUrl, source?.from);
}

/** Resolves the whole configuration; throws ConfigError naming the first bad setting. */
export function serviceConfig(env: NodeJS.ProcessEnv, flags: CliFlags = {}): ServiceConfig {
  const logLevelSource = pick(flags.logLevel, 'log-level', env, 'PUSHGATE_LOG_LEVEL');
  const logLevel = (logLevelSource?.value ?? DEFAULTS.logLevel).toUpperCase();
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`${logLevelSource?.from ?? 'log level'} must be one of DEBUG, INFO, WARN, ERROR, got "${logLevelSource?.value}"`);
  }
  const retentionDays = integer(pick(flags.retentionDays, 'retention-days', env, 'PUSHGATE_RETENTION_DAYS'), DEFAULT_RETENTION_DAYS, 0, 36_500);
  const migrate = flags.migrate === false ? false : bool(pick(undefined, 'migrate', env, 'PUSHGATE_MIGRATE'), true);
  const host = pick(flags.host, 'host', env, 'PUSHGATE_HOST')?.value ?? DEFAULT_HOST;
  const accessToken = env.PUSHGATE_EXPO_ACCESS_TOKEN?.trim() || null;
  return {
    port: integer(pick(flags.port, 'port', env, 'PUSHGATE_PORT'), DEFAULT_PORT, 0, 65_535),
    host,
    apiKeys: (env.PUSHGATE_API_KEYS ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean),
    insecureNoAuth: flags.insecureNoAuth === true,
    bodyLimit: integer(pick(flags.bodyLimit, 'body-limit', env, 'PUSHGATE_BODY_LIMIT'), DEFAULT_BODY_LIMIT, 1024, 100 * 1024 * 1024),
    retentionDays,
    pushgate: {
      databaseUrl: databaseUrlFrom(env, flags.databaseUrl),
      migrate,
      expo: { url: httpUrl(pick(flags.expoUrl, 'expo-url', env, 'PUSHGATE_EXPO_URL'), DEFAULTS.expo.url), accessToken },
      logLevel: (logLevel === 'SILENT' ? 'silent' : logLevel) as LogLevel,
      receiptDelayMs: integer(pick(flags.receiptDelayMs, 'receipt-delay-ms', env, 'PUSHGATE_RECEIPT_DELAY_MS'), DEFAULTS.receiptDelayMs, 0),
      sendRatePerSecond: integer(pick(flags.sendRate, 'send-rate', env, 'PUSHGATE_SEND_RATE'), DEFAULTS.sendRatePerSecond, 0),
      concurrency: integer(pick(flags.concurrency, 'concurrency', env, 'PUSHGATE_CONCURRENCY'), DEFAULTS.concurrency, 1, 1000),
      retentionMs: retentionDays * 86_400_000,
    },
  };
}

/** A database URL safe to print: the password is masked. */
export function maskUrl(url: string): string {
  let masked = url;
  try {
    const parsed = new URL(url);
    if (parsed.password) {
      parsed.password = '****';
      masked = parsed.toString();
    }
  } catch {
    // not a URL: mask anything between "user:" and the last "@"
    masked = url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:).*@/i, '$1****@');
  }
  return masked.replace(/([?&]password=)[^&]*/gi, '$1****');
}
