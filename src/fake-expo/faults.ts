/** Faults the fake injects on demand, set from JS or from JSON (POST /__fake/faults). */
import { RATE_LIMIT_MODES, type RateLimit, type RateLimitMode } from './rate-limit.js';

/** One entry of the `failNextRequests` queue: the next `count` /send requests get `status`. */
export interface FailSpec {
  count: number;
  status: number;
  retryAfterSeconds?: number;
  /** Sent verbatim instead of the default body for `status`. */
  body?: string;
  /** Content type of `body`; default text/plain. */
  contentType?: string;
}

/** Faults to inject; mutable at run time (from JS or via POST /__fake/faults). */
export interface FakeExpoFaults {
  /** Tokens answered with a DeviceNotRegistered ticket. */
  deviceNotRegisteredAtTicket: Set<string>;
  /** Tokens whose ticket is ok but whose receipt says DeviceNotRegistered. */
  deviceNotRegisteredAtReceipt: Set<string>;
  /** Per-token ticket errors (e.g. MessageRateExceeded) for the next `times` sends of that token. */
  ticketErrors: Map<string, { code: string; times: number }>;
  /** Queue of whole-request failures for the next /send requests. */
  failNextRequests: FailSpec[];
  /** Share (0..1) of /send requests answered 503 at random. */
  serverErrorRate: number;
  /** The next N /send requests are read and never answered; their messages are not accepted. */
  hangNextRequests: number;
  /**
   * The next N /send requests are read, then their connection is reset (TCP RST) without an
   * answer; their messages are not accepted. Applied after hangNextRequests, before failNextRequests.
   */
  resetNextRequests: number;
  /**
   * The next N /send requests that get tickets have their messages accepted (stats, tickets,
   * receipts, duplicates) and then their connection reset before the answer: the client cannot
   * know the outcome.
   */
  resetAfterAcceptNextRequests: number;
  /** The next N /send requests get 200 with a body that is not a valid ticket list. */
  malformedNextRequests: number;
  /** Ticket ids whose receipts are never served. */
  missingReceipts: Set<string>;
  /** Added before answering each Expo request. */
  latencyMs: number;
  /**
   * While true the fake does not listen: new connections get ECONNREFUSED. Switching it on closes
   * the open connections, idle (pooled keep-alive) ones at once and busy ones after their answer;
   * a hung request keeps its connection. Set a number of ms to refuse for that long and then listen
   * again on the same port by itself: from JSON that is the way to end it, since the admin
   * endpoints are refused too. 0 is false. Default false.
   */
  get refuseConnections(): boolean;
  set refuseConnections(value: boolean | number);
  /**
   * The per-project rate limit in force; replace it or change a field at run time. The messages
   * already counted stay counted, and nothing else is reset. Starts as the options
   * rateLimitPerSecond and rateLimitMode say; reset() puts a fresh object with those back.
   */
  rateLimit: RateLimit;
}

/** Turns connection refusal on and off: the server's Listener. */
export interface ConnectionRefusal {
  readonly refusing: boolean;
  /** Refuses new connections, for `ms` when given, else until resume(). */
  refuse(ms?: number): void;
  resume(): void;
}

/** What the adjustable faults start as, and return to on reset: the fake's options. */
export interface FaultDefaults {
  latencyMs: number;
  rateLimit: RateLimit;
}

/** A fresh set of faults with nothing injected; `refuseConnections` reads and drives `refusal`. */
export function emptyFaults(defaults: FaultDefaults, refusal: ConnectionRefusal): FakeExpoFaults {
  return {
    deviceNotRegisteredAtTicket: new Set(),
    deviceNotRegisteredAtReceipt: new Set(),
    ticketErrors: new Map(),
    failNextRequests: [],
    serverErrorRate: 0,
    hangNextRequests: 0,
    resetNextRequests: 0,
    resetAfterAcceptNextRequests: 0,
    malformedNextRequests: 0,
    missingReceipts: new Set(),
    latencyMs: defaults.latencyMs,
    rateLimit: { ...defaults.rateLimit },
    get refuseConnections(): boolean {
      return refusal.refusing;
    },
    set refuseConnections(value: boolean | number) {
      const setting = refusalSetting(value);
      if (setting === false || setting === 0) refusal.resume();
      else refusal.refuse(setting === true ? undefined : setting);
    },
  };
}

/**
 * Clears faults in place, so callers holding `fake.faults` (or one of its sets) keep a live
 * reference after a reset.
 */
export function clearFaults(faults: FakeExpoFaults, defaults: FaultDefaults): void {
  faults.deviceNotRegisteredAtTicket.clear();
  faults.deviceNotRegisteredAtReceipt.clear();
  faults.ticketErrors.clear();
  faults.failNextRequests.length = 0;
  faults.serverErrorRate = 0;
  faults.hangNextRequests = 0;
  faults.resetNextRequests = 0;
  faults.resetAfterAcceptNextRequests = 0;
  faults.malformedNextRequests = 0;
  faults.missingReceipts.clear();
  faults.latencyMs = defaults.latencyMs;
  faults.rateLimit = { ...defaults.rateLimit };
  faults.refuseConnections = false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new Error(`${field} must be an array of strings`);
  return value;
}

function nonNegative(value: unknown, field: string, max = Number.POSITIVE_INFINITY): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
    throw new Error(`${field} must be a number between 0 and ${max}`);
  }
  return value;
}

function failSpec(value: unknown): FailSpec {
  if (!isRecord(value)) throw new Error('failNextRequests entries must be objects');
  const { count, status, retryAfterSeconds, body, contentType } = value;
  if (!Number.isInteger(count) || (count as number) < 1) throw new Error('failNextRequests[].count must be an integer >= 1');
  if (!Number.isInteger(status) || (status as number) < 200 || (status as number) > 599) {
    throw new Error('failNextRequests[].status must be an HTTP status');
  }
  const spec: FailSpec = { count: count as number, status: status as number };
  if (retryAfterSeconds !== undefined) spec.retryAfterSeconds = nonNegative(retryAfterSeconds, 'retryAfterSeconds');
  if (body !== undefined) spec.body = String(body);
  if (contentType !== undefined) spec.contentType = String(contentType);
  return spec;
}

const FIELDS: readonly (keyof FakeExpoFaults)[] = [
  'deviceNotRegisteredAtTicket',
  'deviceNotRegisteredAtReceipt',
  'ticketErrors',
  'failNextRequests',
  'serverErrorRate',
  'hangNextRequests',
  'resetNextRequests',
  'resetAfterAcceptNextRequests',
  'malformedNextRequests',
  'missingReceipts',
  'latencyMs',
  'rateLimit',
  'refuseConnections',
];

/** A refuseConnections value: true, false, or the ms to refuse for (0 = false). */
function refusalSetting(value: unknown): boolean | number {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) throw new Error('refuseConnections must be true, false or a number of ms >= 0');
  return value;
}

const COUNTS = ['hangNextRequests', 'resetNextRequests', 'resetAfterAcceptNextRequests', 'malformedNextRequests', 'latencyMs'] as const;

function parseRateLimit(value: unknown, current: RateLimit): RateLimit {
  if (!isRecord(value)) throw new Error('rateLimit must be an object {perSecond?, mode?}');
  const next = { ...current };
  for (const key of Object.keys(value)) {
    if (key !== 'perSecond' && key !== 'mode') throw new Error(`rateLimit.${key} is not a field (perSecond, mode)`);
  }
  if ('perSecond' in value) next.perSecond = nonNegative(value.perSecond, 'rateLimit.perSecond');
  if ('mode' in value) {
    if (!RATE_LIMIT_MODES.includes(value.mode as RateLimitMode)) throw new Error(`rateLimit.mode must be one of ${RATE_LIMIT_MODES.join(', ')}`);
    next.mode = value.mode as RateLimitMode;
  }
  return next;
}

/**
 * Applies a JSON description of faults (sets as arrays, ticketErrors as an object
 * token -> {code, times}); fields present replace the current value, absent ones are kept, and
 * so do the fields of `rateLimit` left out. `refuseConnections` takes a number of ms too.
 * Validates everything before changing anything, so a bad body leaves the faults as they were.
 * @throws Error naming the offending field.
 */
export function applyFaults(faults: FakeExpoFaults, input: unknown): void {
  if (!isRecord(input)) throw new Error('faults must be a JSON object');
  // A misspelt fault would otherwise be ignored, and a test would run without the fault it set.
  const unknown = Object.keys(input).find((key) => !FIELDS.includes(key as keyof FakeExpoFaults));
  if (unknown !== undefined) throw new Error(`${unknown} is not a fault; faults are ${FIELDS.join(', ')}`);
  const next: Partial<FakeExpoFaults> = {};
  if ('deviceNotRegisteredAtTicket' in input) {
    next.deviceNotRegisteredAtTicket = new Set(stringList(input.deviceNotRegisteredAtTicket, 'deviceNotRegisteredAtTicket'));
  }
  if ('deviceNotRegisteredAtReceipt' in input) {
    next.deviceNotRegisteredAtReceipt = new Set(stringList(input.deviceNotRegisteredAtReceipt, 'deviceNotRegisteredAtReceipt'));
  }
  if ('missingReceipts' in input) next.missingReceipts = new Set(stringList(input.missingReceipts, 'missingReceipts'));
  if ('ticketErrors' in input) {
    if (!isRecord(input.ticketErrors)) throw new Error('ticketErrors must be an object token -> {code, times}');
    const map = new Map<string, { code: string; times: number }>();
    for (const [token, spec] of Object.entries(input.ticketErrors)) {
      if (!isRecord(spec) || typeof spec.code !== 'string' || !Number.isInteger(spec.times) || (spec.times as number) < 0) {
        throw new Error(`ticketErrors[${token}] must be {code: string, times: integer}`);
      }
      map.set(token, { code: spec.code, times: spec.times as number });
    }
    next.ticketErrors = map;
  }
  if ('failNextRequests' in input) {
    if (!Array.isArray(input.failNextRequests)) throw new Error('failNextRequests must be an array');
    next.failNextRequests = input.failNextRequests.map(failSpec);
  }
  if ('rateLimit' in input) next.rateLimit = parseRateLimit(input.rateLimit, faults.rateLimit);
  const refusal = 'refuseConnections' in input ? refusalSetting(input.refuseConnections) : undefined;
  if ('serverErrorRate' in input) next.serverErrorRate = nonNegative(input.serverErrorRate, 'serverErrorRate', 1);
  for (const key of COUNTS) {
    if (key in input) next[key] = Math.floor(nonNegative(input[key], key));
  }
  for (const key of ['deviceNotRegisteredAtTicket', 'deviceNotRegisteredAtReceipt', 'missingReceipts'] as const) {
    const values = next[key];
    if (values) replaceContents(faults[key], values);
  }
  if (next.ticketErrors) replaceContents(faults.ticketErrors, next.ticketErrors);
  if (next.failNextRequests) faults.failNextRequests.splice(0, faults.failNextRequests.length, ...next.failNextRequests);
  for (const key of ['serverErrorRate', ...COUNTS] as const) {
    const value = next[key];
    if (value !== undefined) faults[key] = value;
  }
  if (next.rateLimit) faults.rateLimit = next.rateLimit;
  if (refusal !== undefined) faults.refuseConnections = refusal;
}

// In place, so references to the collections taken from `fake.faults` stay live.
function replaceContents<T>(target: Set<T>, source: Set<T>): void;
function replaceContents<K, V>(target: Map<K, V>, source: Map<K, V>): void;
function replaceContents(target: Set<unknown> | Map<unknown, unknown>, source: Set<unknown> | Map<unknown, unknown>): void {
  target.clear();
  if (target instanceof Map) for (const [k, v] of source as Map<unknown, unknown>) target.set(k, v);
  else for (const v of source as Set<unknown>) target.add(v);
}

/** The faults as JSON (sets as arrays, maps as objects), the same shape applyFaults accepts. */
export function faultsToJson(faults: FakeExpoFaults): Record<string, unknown> {
  return {
    deviceNotRegisteredAtTicket: [...faults.deviceNotRegisteredAtTicket],
    deviceNotRegisteredAtReceipt: [...faults.deviceNotRegisteredAtReceipt],
    ticketErrors: Object.fromEntries(faults.ticketErrors),
    failNextRequests: faults.failNextRequests,
    serverErrorRate: faults.serverErrorRate,
    hangNextRequests: faults.hangNextRequests,
    resetNextRequests: faults.resetNextRequests,
    resetAfterAcceptNextRequests: faults.resetAfterAcceptNextRequests,
    malformedNextRequests: faults.malformedNextRequests,
    missingReceipts: [...faults.missingReceipts],
    latencyMs: faults.latencyMs,
    rateLimit: { ...faults.rateLimit },
    refuseConnections: faults.refuseConnections,
  };
}
