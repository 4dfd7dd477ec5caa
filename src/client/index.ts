/**
 * `pushgate/client`: a typed HTTP client for the Pushgate REST API, for a backend that runs
 * Pushgate as a service. The types are generated from the API's OpenAPI document (schema.ts, by
 * openapi-typescript); the calls are made by openapi-fetch, so every path, parameter, body and
 * answer is checked by the compiler:
 *
 *   import { createPushgateClient, ok } from 'pushgate/client';
 *   const pushgate = createPushgateClient({ baseUrl: 'http://127.0.0.1:8080', apiKey: process.env.PUSHGATE_KEY! });
 *   const sent = await ok(pushgate.POST('/api/v1/push-notifications', { body: { user_id: 'mentor-42', title: 'Hi' } }));
 *
 * Nothing of the server comes with it (no Fastify, no SQLite): only openapi-fetch.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema.js';

export type { components, operations, paths } from './schema.js';

export interface PushgateClientOptions {
  /** Where the API is served, e.g. `http://127.0.0.1:8080` (with the mount prefix, if the API is mounted under one). */
  baseUrl: string;
  /** An API key (`pushgate keys create`), sent as `Authorization: Bearer <key>`. */
  apiKey: string;
  /** Headers sent with every request besides Authorization. Default none. */
  headers?: Record<string, string>;
  /** The fetch to call. Default `globalThis.fetch`. */
  fetch?: (request: Request) => Promise<Response>;
}

/** A client whose methods (`GET`, `POST`, `PUT`, `DELETE`) take the API's paths and are typed by them. */
export type PushgateClient = Client<paths>;

/** The API's one error shape: `{ "error": { "code", "message", "details"? } }`. */
export type ErrorBody = components['schemas']['Error'];

export function createPushgateClient(options: PushgateClientOptions): PushgateClient {
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: { ...options.headers, authorization: `Bearer ${options.apiKey}` },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** A non-2xx answer: the HTTP status and the API's stable code, message and details. */
export class PushgateApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'PushgateApiError';
  }
}

/**
 * The body of a successful answer, or a PushgateApiError carrying the API's code (`UnknownField`,
 * `NoActiveDevices`, `UserPaused`, ...) for any other.
 */
export async function ok<R extends { data?: unknown; error?: unknown; response: Response }>(call: Promise<R> | R): Promise<NonNullable<R['data']>> {
  const result = await call;
  if (result.response.ok && result.data !== undefined) return result.data as NonNullable<R['data']>;
  const error = (result.error as Partial<ErrorBody> | undefined)?.error;
  throw new PushgateApiError(
    result.response.status,
    error?.code ?? 'HttpError',
    error?.message ?? `HTTP ${result.response.status} ${result.response.statusText}`,
    error?.details,
  );
}
