/** What every route group gets from the plugin. */
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { Pushgate } from '../core/pushgate.js';
import type { Idempotency } from './idempotency.js';
import type { ZodTypeProvider } from './type-provider.js';

export interface RouteContext {
  pushgate: Pushgate;
  idempotency: Idempotency;
  /** Aborted when the server starts closing: every `?wait=` ends at once. */
  closing: AbortSignal;
  /** The plugin's request body limit in bytes (POST /batch allows 4 times as much). */
  bodyLimit: number;
}

/** A Fastify instance whose routes take their request types from zod schemas. */
export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;
