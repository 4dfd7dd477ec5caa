/**
 * Zod as Fastify's validator: a route's `schema.body|querystring|params|headers` are zod schemas;
 * the parsed value (coerced, defaults filled in) replaces the raw one, and a failure becomes a
 * 400 in the one error shape. Response schemas are documentation only (plain JSON.stringify).
 */
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { ApiError, validationError } from './errors.js';

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
      return { error: validationError(result.error.issues, part) };
    };
  });
  app.setSerializerCompiler(() => (data: unknown) => JSON.stringify(data));

  // Only JSON bodies (text/plain is refused with 415 like any other type). Fastify's own safe parser (rejects __proto__/constructor pollution), except that
  // an empty body counts as no body (`curl -X POST .../pause -H 'content-type: application/json'`).
  const defaultJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (typeof body === 'string' && body.trim() === '') {
      done(null, undefined);
      return;
    }
    defaultJson(request, typeof body === 'string' ? body : body.toString('utf8'), done);
  });

  // Only identity bodies: a gzip'd body would otherwise surface as a confusing JSON error.
  app.addHook('onRequest', async (request) => {
    const encoding = request.headers['content-encoding'];
    if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity' && encoding.trim() !== '') {
      throw new ApiError(415, 'UnsupportedMediaType', 'Content-Encoding is not supported: send an uncompressed body');
    }
  });
}
