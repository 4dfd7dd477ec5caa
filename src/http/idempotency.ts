/**
 * `Idempotency-Key` on the POST endpoints. The first successful (2xx) answer for a key is stored
 * with a hash of the request (path parameters and body; the query only says how long to wait); a
 * repeat within 24 hours gets that answer again (same status, same body, the same `Location` and
 * `Pushgate-Wait` headers, plus `Idempotent-Replayed: true`) and nothing new happens. A repeat
 * whose body differs is refused (422 IdempotencyKeyReused). Error answers are not stored: the
 * request changed nothing, so it may be retried as is. Concurrent repeats in one process wait for
 * the first; across processes the library's own idempotency key (POST /) keeps the notification
 * single.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Pushgate } from '../core/pushgate.js';
import { ApiError } from './errors.js';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export interface Outcome {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * Headers of the first answer that belong to it and are stored with it, so a replay carries them
 * too: `location` (where the created resource is) and `pushgate-wait` (how the first answer's wait
 * ended, i.e. what the replayed body shows; a replay itself does not wait).
 */
export const REPLAYED_HEADERS: readonly string[] = ['location', 'pushgate-wait'];

interface Stored {
  request_hash: string;
  body: unknown;
  /** The REPLAYED_HEADERS the first answer had (absent in answers stored before they were kept). */
  headers?: Record<string, string>;
}

/** The validated Idempotency-Key header, or null when absent. */
export function idempotencyKeyOf(request: FastifyRequest): string | null {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return null;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
    throw new ApiError(400, 'InvalidIdempotencyKey', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
  }
  return key;
}

/** JSON with object keys sorted, so the same request hashes the same whatever its key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(canonical({ params: request.params, body: request.body }))
    .digest('hex');
}

function isStored(value: unknown): value is Stored {
  return value !== null && typeof value === 'object' && typeof (value as Stored).request_hash === 'string' && 'body' in value;
}

/**
 * Runs `run` once per (scope, Idempotency-Key) within the replay window and sends its outcome.
 * `run` gets the key (or null without one) to pass on to the library.
 */
export class Idempotency {
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(private readonly pushgate: Pushgate) {}

  async handle(request: FastifyRequest, reply: FastifyReply, scope: string, run: (key: string | null) => Promise<Outcome>): Promise<FastifyReply> {
    const key = idempotencyKeyOf(request);
    if (key === null) return send(reply, await run(null));
    const slot = `${scope}\u0000${key}`;
    // A concurrent repeat in this process waits for the first, then replays what it stored.
    for (let earlier = this.inFlight.get(slot); earlier; earlier = this.inFlight.get(slot)) await earlier.catch(() => {});
    const hash = requestHash(request);
    const previous = await this.pushgate.getSavedResponse(scope, key);
    if (previous && isStored(previous.body)) {
      if (previous.body.request_hash !== hash) {
        throw new ApiError(422, 'IdempotencyKeyReused', 'this Idempotency-Key was used with a different request in the last 24 hours');
      }
      const headers = { ...replayedHeaders(previous.body.headers), 'idempotent-replayed': 'true' };
      return send(reply, { status: previous.status, body: previous.body.body, headers });
    }
    const work = (async () => {
      const outcome = await run(key);
      if (outcome.status >= 200 && outcome.status < 300) {
        const stored: Stored = { request_hash: hash, body: outcome.body, headers: replayedHeaders(outcome.headers) };
        await this.pushgate.saveResponse(scope, key, { status: outcome.status, body: stored });
      }
      return outcome;
    })();
    this.inFlight.set(slot, work);
    try {
      return send(reply, await work);
    } finally {
      if (this.inFlight.get(slot) === work) this.inFlight.delete(slot);
    }
  }
}

/** The REPLAYED_HEADERS of `headers` (names lower-cased; anything else, or not a string, dropped). */
function replayedHeaders(headers: unknown): Record<string, string> {
  const kept: Record<string, string> = {};
  if (headers === null || typeof headers !== 'object') return kept;
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    const lower = name.toLowerCase();
    if (REPLAYED_HEADERS.includes(lower) && typeof value === 'string') kept[lower] = value;
  }
  return kept;
}

function send(reply: FastifyReply, outcome: Outcome): FastifyReply {
  return reply
    .status(outcome.status)
    .headers(outcome.headers ?? {})
    .send(outcome.body);
}
