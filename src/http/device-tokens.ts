/**
 * Device tokens, relative to `/api/v1/push-notifications`: `POST /device-tokens` registers one
 * (the library's recordToken), `POST /device-tokens/import` many with a result each (importTokens),
 * `DELETE /device-tokens/:token` removes one.
 */
import { z } from 'zod';
import { pushTokenSchema } from '../domain/message.js';
import { errorSchema, userIdSchema } from './common.js';
import type { App, RouteContext } from './context.js';
import { ApiError, validationError } from './errors.js';
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

/** Most tokens in one POST /device-tokens/import (100,000 in four requests). */
export const MAX_IMPORT_TOKENS = 25_000;

/** What the import endpoint documents: every item a device-token registration. */
export const importBodyDocumented = z
  .strictObject({
    tokens: z.array(deviceTokenBody).min(1).max(MAX_IMPORT_TOKENS).describe(`1 to ${MAX_IMPORT_TOKENS} registrations, each like POST /device-tokens`),
  })
  .describe('Tokens to register in bulk');

/** What it validates up front: items are checked one by one, so one bad item does not refuse the rest. */
const importBody = z.strictObject({ tokens: z.array(z.unknown()).min(1).max(MAX_IMPORT_TOKENS) });

export const importResponse = z
  .object({
    registered: z.number().int().describe('Items stored'),
    refused: z.number().int().describe('Items refused (see their error)'),
    results: z.array(
      z.object({
        index: z.number().int().describe('Position in the request'),
        status: z.enum(['registered', 'refused']),
        token: z.string().nullable().describe("The item's token (null when it had none)"),
        device_id: z.string().optional().describe('The device, when registered'),
        error: z.object({ code: z.string(), message: z.string() }).optional().describe('Why it was refused'),
      }),
    ),
  })
  .describe('TokenImport');

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

    app.post(
      '/device-tokens/import',
      {
        bodyLimit: ctx.bodyLimit * 4,
        config: {
          tag: TAG,
          summary: `Register many tokens at once (up to ${MAX_IMPORT_TOKENS} a request), with a result per item`,
          description:
            'For a backend moving its own token table to Pushgate. Each item is checked and stored like POST /device-tokens; a refused item (bad token, unknown field) is reported in its result and the others are stored. Answers 200 with a result per item, in request order. Idempotency-Key supported.',
          documentedBody: importBodyDocumented,
        },
        schema: { body: importBody, response: { 200: importResponse, 400: errorSchema, 413: errorSchema } },
      },
      async (request, reply) => {
        const items = request.body.tokens;
        return ctx.idempotency.handle(request, reply, 'POST /push-notifications/device-tokens/import', async () => {
          const results: z.infer<typeof importResponse>['results'] = [];
          const valid: { index: number; item: z.infer<typeof deviceTokenBody> }[] = [];
          items.forEach((raw, index) => {
            const parsed = deviceTokenBody.safeParse(raw);
            const token = typeof (raw as { token?: unknown } | null)?.token === 'string' ? (raw as { token: string }).token : null;
            if (parsed.success) valid.push({ index, item: parsed.data });
            else {
              const { code, message } = validationError(parsed.error.issues, `tokens.${index}`, deviceTokenBody);
              results[index] = { index, status: 'refused', token, error: { code, message } };
            }
          });
          const stored = await pushgate.importTokens(
            valid.map(({ item }) => ({ userId: item.user_id, pushToken: item.token, platform: item.platform, language: item.language })),
          );
          stored.forEach((outcome, k) => {
            const { index, item } = valid[k]!;
            results[index] =
              outcome.status === 'ok'
                ? { index, status: 'registered', token: item.token, device_id: outcome.device.id }
                : { index, status: 'refused', token: item.token, error: outcome.error };
          });
          const registered = results.filter((r) => r.status === 'registered').length;
          return { status: 200, body: { registered, refused: results.length - registered, results } };
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
