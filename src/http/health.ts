/** `GET /healthz` (the process answers) and `GET /readyz` (database reachable, migrations applied); both open. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Pushgate } from '../core/pushgate.js';
import { errorSchema } from './common.js';
import { ApiError } from './errors.js';

const healthResponse = z.object({ status: z.literal('ok') });
const readyResponse = z.object({ status: z.literal('ready'), store: z.string(), engine: z.enum(['running', 'stopped', 'none']) });

export function healthRoutes(pushgate: Pushgate) {
  return async (app: FastifyInstance) => {
    app.get(
      '/healthz',
      { config: { public: true, tag: 'operations', summary: 'Liveness: the process answers' }, schema: { response: { 200: healthResponse } } },
      async () => ({ status: 'ok' as const }),
    );
    app.get(
      '/readyz',
      {
        config: { public: true, tag: 'operations', summary: 'Readiness: the database answers and every migration is applied (503 otherwise)' },
        schema: { response: { 200: readyResponse, 503: errorSchema } },
      },
      async () => {
        const ready = await pushgate.store.isReady().catch(() => false);
        if (!ready) throw new ApiError(503, 'NotReady', 'the database is unreachable or not migrated', { store: pushgate.store.kind });
        const engine = pushgate.engine ? (pushgate.engine.running ? 'running' : 'stopped') : 'none';
        return { status: 'ready' as const, store: pushgate.store.kind, engine };
      },
    );
  };
}
