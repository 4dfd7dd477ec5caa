/**
 * Fan-out, relative to `/api/v1/push-notifications`: `POST /batch` sends one payload to many
 * users (the library's sendToUsers), `GET /batch/:id` reports its progress.
 */
import { z } from 'zod';
import { pushMessageContentSchema } from '../domain/message.js';
import { errorSchema, idParams, isoTimeSchema, timeoutMsSchema, toEpochMs, userIdSchema } from './common.js';
import type { App, RouteContext } from './context.js';
import { notFound } from './errors.js';
import { batchProgressSchema, presentBatch } from './present.js';

/** Largest number of user ids in one POST /batch (400 TooManyUserIds above it). */
export const MAX_BATCH_USERS = 10_000;

export const batchBody = z
  .object({
    user_ids: z.array(userIdSchema).min(1).max(MAX_BATCH_USERS).describe(`1 to ${MAX_BATCH_USERS} user ids; repeated ids count once`),
    payload: pushMessageContentSchema,
    send_at: isoTimeSchema.optional().describe('Do not send before this time (default: now)'),
  })
  .strict()
  .describe('One payload to many users');

export const batchQuery = z.strictObject({
  wait: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .describe('true: answer once Expo accepted or refused every notification of the batch (bounded by timeout_ms)'),
  timeout_ms: timeoutMsSchema,
});

export const batchResponse = batchProgressSchema
  .extend({ skipped_user_ids: z.array(z.string()).describe('Users paused or without an active device') })
  .describe('BatchAccepted');

const TAG = 'batches';

export function batchRoutes(ctx: RouteContext) {
  const { pushgate } = ctx;
  return async (app: App) => {
    app.post(
      '/batch',
      {
        bodyLimit: ctx.bodyLimit * 4,
        config: {
          tag: TAG,
          summary: 'Send one notification to many users (fan-out)',
          description:
            'Stores one notification per user with an active device and answers 201 at once (delivered/failed count what is already known, usually 0). Paused users and users without devices are skipped. Idempotency-Key supported; ?wait=true holds the answer until every notification is sent or failed.',
        },
        schema: {
          body: batchBody,
          querystring: batchQuery,
          response: { 201: batchResponse, 400: errorSchema, 413: errorSchema },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const q = request.query;
        const userIds = [...new Set(body.user_ids)];
        return ctx.idempotency.handle(request, reply, 'POST /push-notifications/batch', async (key) => {
          const result = await pushgate.sendToUsers({
            userIds,
            notification: body.payload,
            idempotencyKey: key === null ? undefined : `http-batch:${key}`,
            sendAt: toEpochMs(body.send_at),
          });
          const batch = { id: result.batchId, total: result.total, queued: result.queued, skipped: result.skipped, createdAt: Date.now() };
          const stored = await pushgate.getBatch({ id: result.batchId });
          const headers: Record<string, string> = {};
          let statuses = stored?.statuses ?? {};
          if (q.wait === 'true' || q.wait === '1') {
            const waited = await pushgate.waitForBatch({ id: result.batchId, timeoutMs: q.timeout_ms, signal: ctx.closing });
            statuses = waited.statuses;
            headers['pushgate-wait'] = waited.end;
          }
          const skipped = userIds.filter((_, index) => result.ids[index] === null);
          return { status: 201, body: { ...presentBatch(stored ?? batch, statuses), skipped_user_ids: skipped }, headers };
        });
      },
    );

    app.get(
      '/batch/:id',
      {
        config: { tag: TAG, summary: 'Progress of a batch: its notifications counted by status' },
        schema: { params: idParams, response: { 200: batchProgressSchema, 404: errorSchema } },
      },
      async (request) => {
        const { id } = request.params;
        const batch = await pushgate.getBatch({ id });
        if (!batch) throw notFound('batch', id);
        return presentBatch(batch, batch.statuses);
      },
    );
  };
}
