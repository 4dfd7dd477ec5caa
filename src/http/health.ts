/** `GET /healthz` (the process answers) and `GET /readyz` (database reachable, migrations applied); both open. */
import { z } from 'zod';
import { errorSchema } from './common.js';
import type { App, RouteContext } from './context.js';
import { ApiError } from './errors.js';

const healthResponse = z.object({ status: z.literal('ok') });
const readyResponse = z.object({ status: z.literal('ready'), store: z.string(), engine: z.enum(['running', 'stopped', 'none']) });

export function healthRoutes({ pushgate }: RouteContext) {
  return async (app: App) => {
    app.get(
      '/healthz',
      { config: { public: true, tag: 'operations', summary: 'Liveness: the process answers' }, schema: { response: { 200: healthResponse } } },
      async () => ({ status: 'ok' as const }),
    );
    app.get(
      '/readyz',
      {
        config: {
          public: true,
          tag: 'operations',
          summary: 'Readiness: the database answers, every migration is applied and writes succeed (503 otherwise, with a code saying why)',
        },
        schema: { response: { 200: readyResponse, 503: errorSchema } },
      },
      async () => {
        const health = await pushgate.health();
        if (!health.ready) throw new ApiError(503, health.code, health.message, { store: pushgate.storeKind }, { 'retry-after': '1' });
        const engine = pushgate.engine ? (pushgate.engine.running ? ('running' as const) : ('stopped' as const)) : ('none' as const);
        return { status: 'ready' as const, store: pushgate.storeKind, engine };
      },
    );
  };
}
