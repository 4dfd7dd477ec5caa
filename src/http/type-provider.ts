/**
 * Fastify's type provider for zod schemas: a route's `request.params`, `query` and `body` get the
 * types of the schemas that validate them (validation.ts), so no handler casts. Written here
 * rather than taken from fastify-type-provider-zod, which needs @fastify/swagger as a peer for
 * what is, for us, one type (our compilers and OpenAPI document are our own).
 */
import type { FastifyTypeProvider } from 'fastify';
import type { z } from 'zod';

export interface ZodTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown;
  serializer: this['schema'] extends z.ZodType ? z.input<this['schema']> : unknown;
}
