/**
 * The rest of the library over HTTP, under `/api/v1/users/:userId`: `GET status`,
 * `POST pause`, `POST resume`, `GET notifications` (cursor pages, newest first) and
 * `DELETE notifications`.
 */
import { z } from 'zod';
import { errorSchema, userIdSchema } from './common.js';
import type { App, RouteContext } from './context.js';
import { deviceSchema, notificationSummarySchema, presentDevice, presentNotification } from './present.js';

export const userParams = z.object({ userId: userIdSchema });

export const cursorQuery = z.strictObject({
  cursor: z.string().max(1024).optional().describe('next_cursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size, 1..200 (default 50)'),
});

export const statusResponse = z
  .object({
    user_id: z.string(),
    has_token: z.boolean().describe('At least one active device'),
    paused: z.boolean(),
    active_devices: z.number().int(),
    devices: z.array(deviceSchema),
  })
  .describe('UserStatus');

export const pauseResponse = z.object({
  user_id: z.string(),
  paused: z.literal(true),
  waiting: z
    .number()
    .int()
    .describe("The user's deliveries waiting to be sent: dropped (canceled, code Paused) if they come due while the user is still paused"),
});
export const resumeResponse = z.object({ user_id: z.string(), paused: z.literal(false) });
export const userNotificationsResponse = z
  .object({ data: z.array(notificationSummarySchema), next_cursor: z.string().nullable().describe('null on the last page') })
  .describe('UserNotificationPage');
export const deleteUserNotificationsResponse = z.object({ user_id: z.string(), deleted: z.number().int() });

const TAG = 'users';

export function userRoutes(ctx: RouteContext) {
  const { pushgate } = ctx;
  return async (app: App) => {
    app.get(
      '/:userId/status',
      {
        config: { tag: TAG, summary: "A user's devices and whether sending to them is paused" },
        schema: { params: userParams, response: { 200: statusResponse } },
      },
      async (request) => {
        const { userId } = request.params;
        const status = await pushgate.getStatusForUser({ userId });
        return {
          user_id: userId,
          has_token: status.hasToken,
          paused: status.paused,
          active_devices: status.activeDevices,
          devices: status.devices.map(presentDevice),
        };
      },
    );

    app.post(
      '/:userId/pause',
      {
        config: {
          tag: TAG,
          summary:
            'Pause a user: sends answer 409 UserPaused (until POST /api/v1/users/{userId}/resume); queued notifications that come due while paused are dropped',
        },
        schema: { params: userParams, response: { 200: pauseResponse } },
      },
      async (request, reply) => {
        const { userId } = request.params;
        return ctx.idempotency.handle(request, reply, 'POST /users/pause', async () => {
          const { waiting } = await pushgate.pausePushNotifications({ userId });
          return { status: 200, body: { user_id: userId, paused: true, waiting } };
        });
      },
    );

    app.post(
      '/:userId/resume',
      {
        config: { tag: TAG, summary: 'Resume a paused user: what is still queued goes out when due (what came due while paused was dropped)' },
        schema: { params: userParams, response: { 200: resumeResponse } },
      },
      async (request, reply) => {
        const { userId } = request.params;
        return ctx.idempotency.handle(request, reply, 'POST /users/resume', async () => {
          await pushgate.resumePushNotifications({ userId });
          return { status: 200, body: { user_id: userId, paused: false } };
        });
      },
    );

    app.get(
      '/:userId/notifications',
      {
        config: { tag: TAG, summary: "A user's notifications, newest first, by cursor" },
        schema: { params: userParams, querystring: cursorQuery, response: { 200: userNotificationsResponse, 400: errorSchema } },
      },
      async (request) => {
        const { userId } = request.params;
        const q = request.query;
        const page = await pushgate.getNotificationsForUser({ userId, limit: q.limit, cursor: q.cursor || null });
        return { data: page.notifications.map(presentNotification), next_cursor: page.nextCursor };
      },
    );

    app.delete(
      '/:userId/notifications',
      {
        config: { tag: TAG, summary: "Delete all of a user's notification records (and cancel what was still queued)" },
        schema: { params: userParams, response: { 200: deleteUserNotificationsResponse } },
      },
      async (request) => {
        const { userId } = request.params;
        const { deleted } = await pushgate.deleteNotificationsForUser({ userId });
        return { user_id: userId, deleted };
      },
    );
  };
}
