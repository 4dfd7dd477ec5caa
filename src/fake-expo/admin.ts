/** The fake's own endpoints under /__fake/, so a fake in another process can be inspected and driven. */
import type { IncomingMessage } from 'node:http';
import { readBody, readJson } from './body.js';
import type { FakeContext } from './context.js';
import { applyFaults, faultsToJson } from './faults.js';
import { json, type Reply } from './replies.js';

/**
 * GET /__fake/stats[?brief=1], POST /__fake/reset, GET|POST /__fake/faults.
 * @param reset resets the whole fake (state and rate limits).
 */
export async function handleAdmin(ctx: FakeContext, req: IncomingMessage, path: string, query: URLSearchParams, reset: () => void): Promise<Reply> {
  const route = `${req.method} ${path}`;
  switch (route) {
    case 'GET /__fake/stats': {
      const brief = query.get('brief');
      return json(200, ctx.state.stats(brief !== null && brief !== '0' && brief !== 'false'));
    }
    case 'POST /__fake/reset':
      await readBody(req).catch(() => undefined);
      reset();
      return json(200, { ok: true });
    case 'GET /__fake/faults':
      return json(200, faultsToJson(ctx.state.faults));
    case 'POST /__fake/faults': {
      const input = await readJson(req);
      try {
        applyFaults(ctx.state.faults, input);
      } catch (error) {
        return json(400, { error: { code: 'invalid_faults', message: (error as Error).message } });
      }
      return json(200, faultsToJson(ctx.state.faults));
    }
    default:
      return json(404, { error: { code: 'not_found', message: `no admin endpoint ${route}` } });
  }
}
