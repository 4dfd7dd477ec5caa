/**
 * The REST contract's notification endpoints, relative to `/api/v1/push-notifications`:
 * `GET /` (list), `GET /:id`, `POST /` (send to one user), `PUT /:id` (mark opened),
 * `DELETE /:id`.
 */
import { z } from 'zod';
import { pushMessageContentSchema } from '../domain/message.js';
import type { Device } from '../domain/records.js';
import type { DeliveryState } from '../domain/states.js';
import { NOTIFICATION_STATUSES } from '../domain/states.js';
import { errorSchema, idParams, isoTimeSchema, timeoutMsSchema, toEpochMs, userIdSchema, waitModeOf, waitModeSchema } from './common.js';
import type { App, RouteContext } from './context.js';
import { ApiError, notFound } from './errors.js';
import { iso, notificationDetailSchema, notificationSummarySchema, presentNotification, presentNotificationDetail } from './present.js';

/** Largest `limit` of one page of the list. */
export const MAX_PAGE_LIMIT = 200;

export const listQuery = z.strictObject({
  user_id: userIdSchema.optional().describe('Only this user'),
  status: z.enum(NOTIFICATION_STATUSES).optional().describe('Only this status'),
  batch_id: z.string().max(255).optional().describe('Only notifications of this batch'),
  from: isoTimeSchema.optional().describe('Created at or after this time (ISO-8601)'),
  to: isoTimeSchema.optional().describe('Created before this time (ISO-8601)'),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1).describe('1-based page number (default 1)'),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(20).describe(`Page size, 1..${MAX_PAGE_LIMIT} (default 20)`),
});

export const listResponse = z
  .object({
    data: z.array(notificationSummarySchema),
    pagination: z.object({ page: z.number().int(), limit: z.number().int(), total: z.number().int() }),
  })
  .describe('NotificationPage');

export const sendBody = pushMessageContentSchema
  .extend({
    user_id: userIdSchema,
    send_at: isoTimeSchema.optional().describe('Do not send before this time (default: now)'),
  })
  .describe(
    'One notification to every active device of a user. Every Expo message field is accepted (title, body, data, sound, badge, ttl, priority, channelId, ...); an unknown field is refused (400 UnknownField, naming the closest known field); fields Expo adds later go inside "expo": {...}. The message must fit in 4096 bytes.',
  );

export const sendQuery = z.strictObject({ wait: waitModeSchema, timeout_ms: timeoutMsSchema });

/** The statuses a client may set with PUT: Pushgate sets every other one itself. */
export const SETTABLE_STATUSES = ['opened'] as const;

export const updateBody = z
  .object({
    status: z
      .enum(SETTABLE_STATUSES, {
        error: () => `a client may set status only to ${SETTABLE_STATUSES.map((s) => `"${s}"`).join(' or ')}; Pushgate sets the others itself`,
      })
      .describe('"opened": the app reported the notification opened (the only status a client may set)'),
    opened_at: isoTimeSchema.optional().describe('When the app opened it (default: now)'),
  })
  .strict();

export const updateResponse = z
  .object({ id: z.string(), status: z.literal('opened'), opened_at: z.string(), updated_at: z.string() })
  .describe('NotificationUpdate');

export const deleteResponse = z.object({ deleted: z.literal(true), id: z.string() });

/** A notification can be reported opened once a delivery may have reached a device. */
const OPENABLE: ReadonlySet<DeliveryState> = new Set(['sending', 'sent', 'delivered', 'maybe_delivered']);

const TAG = 'notifications';

export function notificationRoutes(ctx: RouteContext) {
  const { pushgate } = ctx;

  async function detail(id: string) {
    const n = await pushgate.getNotification({ id });
    if (!n) throw notFound('notification', id);
    const devices = new Map<string, Device>((await pushgate.getDevices({ userId: n.userId })).map((d) => [d.id, d]));
    return presentNotificationDetail(n, devices);
  }

  return async (app: App) => {
    app.get(
      '/',
      {
        config: { tag: TAG, summary: 'List notifications, newest first, with filters and page/limit pagination' },
        schema: { querystring: listQuery, response: { 200: listResponse, 400: errorSchema } },
      },
      async (request) => {
        const q = request.query;
        const { items, total } = await pushgate.listNotifications(
          { userId: q.user_id, status: q.status, batchId: q.batch_id, from: toEpochMs(q.from), to: toEpochMs(q.to) },
          { page: q.page, limit: q.limit },
        );
        return { data: items.map(presentNotification), pagination: { page: q.page, limit: q.limit, total } };
      },
    );

    app.get(
      '/:id',
      {
        config: { tag: TAG, summary: 'One notification with its deliveries (one per device)' },
        schema: { params: idParams, response: { 200: notificationDetailSchema, 404: errorSchema } },
      },
      async (request) => detail(request.params.id),
    );

    app.post(
      '/',
      {
        config: {
          tag: TAG,
          summary: 'Send a notification to one user (all of their active devices)',
          description:
            "Answers 201 as soon as the notification is stored, with its current status (usually queued). With ?wait=true it answers once Expo accepted (sent) or refused (failed) it; with ?wait=receipt once the receipt settled it (delivered/failed), which needs a receipt delay (PUSHGATE_RECEIPT_DELAY_MS, 15 min by default) shorter than timeout_ms: with the defaults it ends with Pushgate-Wait: timeout, so use ?wait=true for a synchronous answer. Idempotency-Key supported; a replay has the first answer's status, body, Location and Pushgate-Wait.",
        },
        schema: {
          body: sendBody,
          querystring: sendQuery,
          response: { 201: notificationDetailSchema, 400: errorSchema, 409: errorSchema, 413: errorSchema, 422: errorSchema },
        },
      },
      async (request, reply) => {
        const { user_id, send_at, ...notification } = request.body;
        const q = request.query;
        const mode = waitModeOf(q.wait);
        return ctx.idempotency.handle(request, reply, 'POST /push-notifications', async (key) => {
          const id = await pushgate.sendPushNotification({
            userId: user_id,
            notification,
            idempotencyKey: key === null ? undefined : `http:${key}`,
            sendAt: toEpochMs(send_at),
            allowUnregisteredTokens: false,
          });
          if (id === null) {
            const resume = `${request.url.split('/api/v1/push-notifications')[0]}/api/v1/users/${encodeURIComponent(user_id)}/resume`;
            throw new ApiError(409, 'UserPaused', `notifications to user ${JSON.stringify(user_id)} are paused: resume them with POST ${resume}`, {
              user_id,
              resume,
            });
          }
          const headers: Record<string, string> = { location: `${request.url.split('?')[0]!.replace(/\/+$/, '')}/${id}` };
          if (mode !== 'none') {
            const until = mode === 'accepted' ? 'accepted' : 'final';
            const { end } = await pushgate.waitForNotification({ id, until, timeoutMs: q.timeout_ms, signal: ctx.closing });
            headers['pushgate-wait'] = end;
          }
          return { status: 201, body: await detail(id), headers };
        });
      },
    );

    app.put(
      '/:id',
      {
        config: {
          tag: TAG,
          summary: 'Record that the app opened the notification ({"status":"opened"}; no other status may be set)',
        },
        schema: { params: idParams, body: updateBody, response: { 200: updateResponse, 400: errorSchema, 404: errorSchema, 409: errorSchema } },
      },
      async (request) => {
        const { id } = request.params;
        const body = request.body;
        const current = await pushgate.getNotification({ id });
        if (!current) throw notFound('notification', id);
        if (current.status !== 'opened' && !current.deliveries.some((d) => OPENABLE.has(d.state))) {
          throw new ApiError(409, 'InvalidTransition', `a ${current.status} notification never reached a device, so it cannot have been opened`, {
            current: current.status,
            requested: 'opened',
          });
        }
        const updated = await pushgate.markOpened({ id, openedAt: toEpochMs(body.opened_at) });
        if (!updated) throw notFound('notification', id);
        return { id: updated.id, status: 'opened' as const, opened_at: iso(updated.openedAt)!, updated_at: iso(updated.updatedAt)! };
      },
    );

    app.delete(
      '/:id',
      {
        config: { tag: TAG, summary: 'Delete a notification record (deliveries not yet sent are dropped with it)' },
        schema: { params: idParams, response: { 200: deleteResponse, 404: errorSchema } },
      },
      async (request) => {
        const { id } = request.params;
        if (!(await pushgate.deleteNotification({ id }))) throw notFound('notification', id);
        return { deleted: true as const, id };
      },
    );
  };
}
