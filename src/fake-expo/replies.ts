/** The answers the fake gives, in the shapes Expo uses for them. */
import type { FailSpec } from './faults.js';

/** One HTTP answer. */
export interface Reply {
  status: number;
  body: string;
  contentType: string;
  headers?: Record<string, string>;
}

/** Thrown to end a request early with `reply`. Not an Error: 429 storms should not pay for stack traces. */
export class HttpError {
  constructor(readonly reply: Reply) {}
}

/** A JSON answer. */
export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return { status, body: JSON.stringify(body), contentType: 'application/json; charset=utf-8', ...(headers ? { headers } : {}) };
}

/** Expo's request-level error: `{errors: [{code, message, ...extra}]}`. */
export function expoError(status: number, code: string, message: string, extra: Record<string, unknown> = {}): HttpError {
  return new HttpError(json(status, { errors: [{ code, message, ...extra }] }));
}

/** Expo's answer to a missing or wrong access token (OAuth style, not the usual `errors` list). */
export function invalidToken(): HttpError {
  return new HttpError(json(401, { error: 'invalid_token', error_description: 'The bearer token is invalid or has been revoked.' }));
}

/** Expo's answer when a project is over its rate limit; Retry-After in whole seconds. */
export function tooManyRequests(project: string, retryAfterSeconds: number): HttpError {
  return new HttpError(
    json(
      429,
      { errors: [{ code: 'TOO_MANY_REQUESTS', message: `Rate limit exceeded for ${project}; retry after ${retryAfterSeconds} s.`, isTransient: true }] },
      { 'retry-after': String(retryAfterSeconds) },
    ),
  );
}

function outagePage(status: number): string {
  const title = status === 504 ? '504 Gateway Time-out' : '502 Bad Gateway';
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
}

const CODES: Record<number, string> = {
  400: 'VALIDATION_ERROR',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'TOO_MANY_REQUESTS',
};

/**
 * The answer to an injected request failure: 502/504 as an HTML page and 503 as plain text (as
 * Expo's load balancers answer during outages), anything else in Expo's `errors` shape,
 * unless the spec gives its own body.
 */
export function failureReply(spec: FailSpec): Reply {
  const headers: Record<string, string> = {};
  if (spec.retryAfterSeconds !== undefined) headers['retry-after'] = String(spec.retryAfterSeconds);
  if (spec.body !== undefined) return { status: spec.status, body: spec.body, contentType: spec.contentType ?? 'text/plain', headers };
  if (spec.status === 502 || spec.status === 504) {
    return { status: spec.status, body: outagePage(spec.status), contentType: 'text/html', headers };
  }
  if (spec.status === 503) return { status: 503, body: 'Service Unavailable', contentType: 'text/plain', headers };
  const code = CODES[spec.status] ?? (spec.status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST');
  return json(
    spec.status,
    { errors: [{ code, message: `Injected failure (HTTP ${spec.status}).`, isTransient: spec.status >= 500 || spec.status === 429 }] },
    headers,
  );
}

/** What `malformedNextRequests` answers, in turn: cut-off JSON, the wrong shape, and the wrong ticket count. */
export const MALFORMED_BODIES = ['{"data": [{"status": "ok", "id": "', '{"data": "this is not a list of tickets"}', '{"data": []}'];
