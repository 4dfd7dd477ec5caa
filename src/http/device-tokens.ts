/**
 * Device tokens, relative to `/api/v1/push-notifications`: `POST /device-tokens` registers one
 * (the library's recordToken), `DELETE /device-tokens/:token` removes it.
 */
import { z } from 'zod';
import { pushTokenSchema } from '../domain/message.js';
import { errorSchema, userIdSchema } from './common.js';
import type { App, RouteContext } from './context.js';
import { ApiError } from './errors.js';
import { deviceSchema, iso, platformSchema } from './present.js';

export const deviceTokenBody = z
  .object({
    user_id: userIdSchema,
    token: pushTokenSchema,
    platform: platformSchema.optional().describe('Omitted (or "unknown"): keeps the platform already known for this token; "unknown" for a new token'),
    language: z
      .string()
      .regex(/^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en or pt-BR')
      .max(35)
      .nullable()
      .optional()
      .describe('Device language, e.g. en or pt-BR. Omitted or null: keeps the language already known for this token; null for a new token'),
  })
  .strict()
  .describe(
    'Registers a token (an upsert); a token known under another user moves to this one, a deactivated one is reactivated, and what is already known of it (platform, language) is kept unless given',
  );

export const deviceTokenResponse = deviceSchema
  .pick({ id: true, user_id: true, token: true, platform: true, language: true, active: true, registered_at: true })
  .describe('DeviceToken');

export const tokenParams = z.object({ token: pushTokenSchema.describe('The Expo push token (URL-encoded or not)') });

export const deleteTokenResponse = z.object({ deleted: z.literal(true), token: z.string(), user_id: z.string() });

const TAG = 'device tokens';

export function deviceTokenRoutes(ctx: RouteContext) {
  const { pushgate } = ctx;
  return async (app: App) => {
    app.post(
      '/device-tokens',
      {
        config: { tag: TAG, summary: "Register a user's Expo push token (many devices per user)" },
        schema: { body: deviceTokenBody, response: { 201: deviceTokenResponse, 400: errorSchema } },
      },
      async (request, reply) => {
        const body = request.body;
        return ctx.idempotency.handle(request, reply, 'POST /push-notifications/device-tokens', async () => {
          const device = await pushgate.recordToken({
            userId: body.user_id,
            pushToken: body.token,
            platform: body.platform,
            language: body.language,
          });
          return {
            status: 201,
            body: {
              id: device.id,
              user_id: device.userId,
              token: device.token,
              platform: device.platform,
              language: device.language,
              active: device.active,
              registered_at: iso(device.createdAt)!,
            },
          };
        });
      },
    );

    app.delete(
      '/device-tokens/:token',
      {
        config: { tag: TAG, summary: 'Remove a device token (404 when unknown)' },
        schema: { params: tokenParams, response: { 200: deleteTokenResponse, 400: errorSchema, 404: errorSchema } },
      },
      async (request) => {
        const { token } = request.params;
        const removed = await pushgate.removeToken({ pushToken: token });
        if (!removed) throw new ApiError(404, 'NotFound', 'no such device token');
        return { deleted: true as const, token: removed.token, user_id: removed.userId };
      },
    );
  };
}
