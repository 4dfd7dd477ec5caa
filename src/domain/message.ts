/**
 * The Expo push message format, validated before anything is queued. One zod schema serves the
 * library, the HTTP API and its OpenAPI document. Fields Expo adds later pass through unchanged.
 */
import { z } from 'zod';
import { MessageValidationError } from './errors.js';

/** Expo's limit on the whole notification payload, in bytes. */
export const MAX_PAYLOAD_BYTES = 4096;

const TOKEN_PATTERN = /^Expo(?:nent)?PushToken\[[^\]\s]+\]$/;

/** True for `ExponentPushToken[...]` and `ExpoPushToken[...]`. */
export function isExpoPushToken(token: unknown): token is string {
  return typeof token === 'string' && token.length <= 255 && TOKEN_PATTERN.test(token);
}

export const pushTokenSchema = z
  .string()
  .max(255)
  .regex(TOKEN_PATTERN, 'must look like ExponentPushToken[...] or ExpoPushToken[...]')
  .describe('An Expo push token');

const soundObjectSchema = z.looseObject({
  critical: z.boolean().optional(),
  name: z.string().nullable().optional(),
  volume: z.number().min(0).max(1).optional(),
});

/** Everything of an Expo push message except `to` (Pushgate fills `to` per device). */
export const pushMessageContentSchema = z
  .looseObject({
    title: z.string().optional(),
    body: z.string().optional(),
    subtitle: z.string().optional(),
    data: z.record(z.string(), z.unknown()).optional(),
    ttl: z.number().int().min(0).optional(),
    expiration: z.number().int().min(0).optional(),
    priority: z.enum(['default', 'normal', 'high']).optional(),
    sound: z.union([z.string(), soundObjectSchema]).nullable().optional(),
    badge: z.number().int().min(0).optional(),
    interruptionLevel: z.enum(['active', 'critical', 'passive', 'time-sensitive']).optional(),
    channelId: z.string().optional(),
    icon: z.string().optional(),
    richContent: z.looseObject({ image: z.string().optional() }).optional(),
    categoryId: z.string().optional(),
    mutableContent: z.boolean().optional(),
    _contentAvailable: z.boolean().optional(),
    contentAvailable: z.boolean().optional(),
    collapseId: z.string().optional(),
    tag: z.string().optional(),
    threadId: z.string().optional(),
    targetContentId: z.string().optional(),
    relevanceScore: z.number().min(0).max(1).optional(),
    filterCriteria: z.string().optional(),
  })
  .describe('Expo push message fields (all optional; unknown fields are passed through to Expo)');

export type PushMessageContent = z.infer<typeof pushMessageContentSchema>;

/** Size in bytes of the payload Expo forwards (the JSON of the content, without `to`). */
export function payloadBytes(content: PushMessageContent): number {
  return Buffer.byteLength(JSON.stringify(content), 'utf8');
}

/**
 * Validates a message's content (field types, `to` excluded) and the 4096-byte limit.
 * Returns the parsed content; throws MessageValidationError.
 */
export function validateContent(input: unknown): PushMessageContent {
  const parsed = pushMessageContentSchema.safeParse(input);
  if (!parsed.success) {
    throw new MessageValidationError('InvalidMessage', 'invalid notification content', z.treeifyError(parsed.error));
  }
  const { to: _ignored, ...content } = parsed.data as PushMessageContent & { to?: unknown };
  const size = payloadBytes(content);
  if (size > MAX_PAYLOAD_BYTES) {
    throw new MessageValidationError('MessageTooBig', `notification payload is ${size} bytes; Expo accepts at most ${MAX_PAYLOAD_BYTES}`, {
      bytes: size,
      limit: MAX_PAYLOAD_BYTES,
    });
  }
  return content;
}
