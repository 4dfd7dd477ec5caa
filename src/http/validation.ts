/**
 * Zod as Fastify's validator: a route's `schema.body|querystring|params|headers` are zod schemas;
 * the parsed value (coerced, defaults filled in) replaces the raw one, and a failure becomes a
 * 400 in the one error shape. Response schemas are documentation only (plain JSON.stringify).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { jsonProblem } from '../domain/json.js';
import { ApiError, validationError } from './errors.js';

/** Deepest nesting of objects and arrays in a request body. */
export const MAX_BODY_DEPTH = 64;

const PART_NAMES: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

export function registerZodCompilers(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema, httpPart }) => {
    const zodSchema = schema as unknown as z.ZodType;
    if (typeof zodSchema?.safeParse !== 'function') throw new Error(`route schema for ${httpPart} is not a zod schema`);
    const part = PART_NAMES[httpPart ?? 'body'] ?? 'body';
    return (data: unknown) => {
      // Fastify passes a missing body as null; an empty body is "no body" here.
      const result = zodSchema.safeParse(part === 'body' && data === null ? undefined : data);
      if (result.success) return { value: result.data };
      return { error: validationError(result.error.issues, part, zodSchema) };
    };
  });
  app.setSerializerCompiler(() => (data: unknown) => JSON.stringify(data));

  // Only JSON bodies (text/plain is refused with 415 like any other type), parsed with JSON.parse
  // (which never touches a prototype: a "__proto__" key becomes an own property) and then checked:
  // nesting at most MAX_BODY_DEPTH deep (deeper bodies made stack overflows further on) and no
  // "__proto__" key anywhere (refused by name rather than as invalid JSON, which it is not). An
  // empty body counts as no body (`curl -X POST .../pause -H 'content-type: application/json'`).
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, raw, done) => {
    const text = typeof raw === 'string' ? raw : raw.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      done(new ApiError(400, 'InvalidJson', `the request body is not valid JSON: ${(error as Error).message}`), undefined);
      return;
    }
    const problem = jsonProblem(body, 'body', MAX_BODY_DEPTH);
    if (problem) {
      done(new ApiError(400, problem.code === 'NestingTooDeep' ? 'NestingTooDeep' : 'ForbiddenKey', problem.message, { path: problem.path }), undefined);
      return;
    }
    done(null, body);
  });

  // A route without a query schema takes no query parameters: `?user=...` is refused, not ignored.
  app.addHook('onRoute', (route) => {
    route.schema ??= {};
    route.schema.querystring ??= z.strictObject({});
  });

  // Only identity bodies: a gzip'd body would otherwise surface as a confusing JSON error.
  app.addHook('onRequest', async (request) => {
    const encoding = request.headers['content-encoding'];
    if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity' && encoding.trim() !== '') {
      throw new ApiError(415, 'UnsupportedMediaType', 'Content-Encoding is not supported: send an uncompressed body');
    }
  });
}
