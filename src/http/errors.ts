/**
 * One error shape for every non-2xx answer: `{ "error": { "code", "message", "details"? } }`.
 * Library errors, Fastify's own (bad JSON, body too large, wrong media type, bad URL) and
 * validation failures are mapped to a status and a stable code here; anything unexpected is a
 * 500 `InternalError` that names only the request id (the error itself goes to the log).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { keysAt } from '../core/arguments.js';
import { PushgateError, UnregisteredUserError } from '../domain/errors.js';
import { EXTENSION_FIELD } from '../domain/message.js';
import { describeUnknownNames, suggestNames } from '../domain/suggest.js';

export class ApiError extends Error {
  /** Read by Fastify (e.g. when thrown from a validator). */
  readonly statusCode: number;
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Extra response headers (e.g. WWW-Authenticate). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.statusCode = status;
  }
}

export function errorBody(code: string, message: string, details?: unknown) {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

export const notFound = (what: string, id: string) => new ApiError(404, 'NotFound', `no ${what} ${JSON.stringify(id)}`);

/** Zod issues as `details`: where (e.g. `body.user_ids.3`), what, and zod's issue code. */
export function issueDetails(issues: readonly z.core.$ZodIssue[], part: string) {
  return issues.slice(0, 50).map((issue) => ({
    path: [part, ...issue.path.map(String)].join('.'),
    message: issue.message,
    code: issue.code,
  }));
}

/**
 * A request part failed its schema. Most failures are `ValidationError`; some get their own code
 * because clients handle them specially: an unknown body field (`UnknownField`) or query parameter
 * (`UnknownParameter`), named with the closest known one; a malformed push token (`InvalidToken`);
 * a batch over the documented maximum of user ids (`TooManyUserIds`). `schema` is the part's
 * schema, for the names it knows.
 */
export function validationError(issues: readonly z.core.$ZodIssue[], part: string, schema?: z.ZodType): ApiError {
  const details = issueDetails(issues, part);
  const unknown = issues.find((i) => i.code === 'unrecognized_keys');
  if (unknown && unknown.code === 'unrecognized_keys') {
    const known = schema ? keysAt(schema, unknown.path) : [];
    const where = [part, ...unknown.path.map(String)].join('.');
    const isQuery = part === 'query';
    const message = describeUnknownNames(unknown.keys, known, isQuery ? 'parameter' : 'field', isQuery ? 'the query' : where);
    const hint = !isQuery && known.includes(EXTENSION_FIELD) ? `; fields Expo added after this version of Pushgate go inside "${EXTENSION_FIELD}": {...}` : '';
    const listing = isQuery && known.length > 0 ? ` (this endpoint takes ${known.join(', ')})` : isQuery ? ' (this endpoint takes none)' : '';
    return new ApiError(400, isQuery ? 'UnknownParameter' : 'UnknownField', `${message}${listing}${hint}`, {
      [isQuery ? 'parameters' : 'fields']: suggestNames(unknown.keys, known).map(({ name, didYouMean }) => ({ name, did_you_mean: didYouMean })),
      path: where,
    });
  }
  const tooMany = issues.find((i) => i.code === 'too_big' && i.path.length === 1 && i.path[0] === 'user_ids');
  if (tooMany && 'maximum' in tooMany) {
    return new ApiError(400, 'TooManyUserIds', `a batch may name at most ${String(tooMany.maximum)} user ids`, details);
  }
  if (issues.length > 0 && issues.every((i) => i.path[0] === 'token')) {
    return new ApiError(400, 'InvalidToken', 'token must look like ExponentPushToken[...] or ExpoPushToken[...]', details);
  }
  const first = details[0];
  return new ApiError(400, 'ValidationError', first ? `invalid ${first.path}: ${first.message}` : `invalid ${part}`, details);
}

const FASTIFY_CODES: Record<string, [number, string, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'InvalidJson', 'the request body is not valid JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'InvalidJson', 'the request body is empty'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'PayloadTooLarge', 'the request body is larger than this endpoint accepts'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UnsupportedMediaType', 'send the body as application/json'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'BadRequest', 'Content-Length does not match the body'],
  FST_ERR_CTP_INVALID_TYPE: [415, 'UnsupportedMediaType', 'invalid Content-Type'],
  FST_ERR_CTP_EMPTY_TYPE: [415, 'UnsupportedMediaType', 'empty Content-Type'],
  FST_ERR_BAD_URL: [400, 'BadUrl', 'the URL is malformed'],
  FST_ERR_ASYNC_CONSTRAINT: [400, 'BadRequest', 'the request does not match any route constraint'],
};

/** The library's error codes: HTTP status, the code clients see, and a message replacing the library's. */
const LIBRARY_CODES: Record<string, [number, string, string?]> = {
  MessageTooBig: [413, 'MessageTooBig'],
  InvalidToken: [400, 'InvalidToken'],
  InvalidMessage: [400, 'ValidationError'],
  UnknownField: [400, 'UnknownField'],
  NestingTooDeep: [400, 'NestingTooDeep'],
  ForbiddenKey: [400, 'ForbiddenKey'],
  InvalidArgument: [400, 'ValidationError'],
  IdempotencyKeyReused: [422, 'IdempotencyKeyReused'],
  InvalidCursor: [400, 'InvalidCursor', 'cursor is not a next_cursor this API returned: pass it back unchanged, or none for the first page'],
  Closed: [503, 'ShuttingDown', 'the service is shutting down; retry shortly'],
  SchemaNotMigrated: [503, 'NotMigrated'],
  StorageUnavailable: [503, 'StorageUnavailable'],
  StorageFull: [503, 'StorageFull'],
};

/** Maps anything thrown while handling a request to an ApiError. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof UnregisteredUserError) {
    const message = `user ${JSON.stringify(error.userId)} has no active push token: register the app's Expo push token first (POST /api/v1/push-notifications/device-tokens)`;
    return new ApiError(422, error.code, message, { user_id: error.userId });
  }
  if (error instanceof PushgateError) {
    const known = LIBRARY_CODES[error.code];
    if (known) return new ApiError(known[0], known[1], known[2] ?? error.message, error.details, known[0] === 503 ? { 'retry-after': '1' } : {});
  }
  const code = (error as { code?: unknown } | null)?.code;
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  const known = typeof code === 'string' ? FASTIFY_CODES[code] : undefined;
  if (known) return new ApiError(known[0], known[1], known[2]);
  if (error instanceof SyntaxError && statusCode === 400) return new ApiError(400, 'InvalidJson', 'the request body is not valid JSON');
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    // Another client error Fastify raised: keep its status, not its internals.
    return new ApiError(statusCode, statusCode === 413 ? 'PayloadTooLarge' : 'BadRequest', 'the request was rejected');
  }
  return new ApiError(500, 'InternalError', 'an unexpected error occurred');
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const apiError = toApiError(error);
  if (apiError.status >= 500 && apiError.status !== 503) {
    request.log.error({ err: error, reqId: request.id, route: request.routeOptions.url }, 'request failed');
  }
  const details = apiError.status === 500 ? { request_id: request.id } : apiError.details;
  return reply
    .status(apiError.status)
    .headers(apiError.headers)
    .type('application/json; charset=utf-8')
    .send(errorBody(apiError.code, apiError.message, details));
}

/**
 * The error handler, and the answer for a request no route takes: 405 with `Allow` when the path
 * is served with other methods (`allowedMethods`), else 404.
 */
export function registerErrorHandling(app: FastifyInstance, allowedMethods: (path: string) => string[] = () => []): void {
  app.setErrorHandler((error, request, reply) => sendError(request, reply, error));
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!.slice(0, 200);
    const allowed = allowedMethods(request.url);
    if (allowed.length > 0) {
      const error = new ApiError(
        405,
        'MethodNotAllowed',
        `${request.method} is not served at ${path}; use ${allowed.join(', ')}`,
        { allow: allowed },
        {
          allow: allowed.join(', '),
        },
      );
      return sendError(request, reply, error);
    }
    return sendError(request, reply, new ApiError(404, 'NotFound', `no route ${request.method} ${path}`));
  });
}
