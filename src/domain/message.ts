/**
 * The Expo push message format, validated before anything is queued. One zod schema serves the
 * library, the HTTP API and its OpenAPI document. Every field Expo documents today is known and
 * type-checked; an unknown field is refused with the closest known one named (a typo must not reach
 * phones without its title). Fields Expo adds later go inside the `expo` extension object and are
 * sent beside the known ones.
 */
import { z } from 'zod';
import { MessageValidationError } from './errors.js';
import { jsonProblem } from './json.js';
import { describeUnknownNames } from './suggest.js';

/** Expo's limit on the whole notification payload, in bytes. */
export const MAX_PAYLOAD_BYTES = 4096;

/** No whitespace, `]` or control character inside the brackets. */
const TOKEN_PATTERN = /^Expo(?:nent)?PushToken\[[^\]\s\p{Cc}]+\]$/u;

/** True for `ExponentPushToken[...]` and `ExpoPushToken[...]`. */
export function isExpoPushToken(token: unknown): token is string {
  return typeof token === 'string' && token.length <= 255 && TOKEN_PATTERN.test(token);
}

export const pushTokenSchema = z
  .string()
  .max(255)
  .regex(TOKEN_PATTERN, 'must look like ExponentPushToken[...] or ExpoPushToken[...] (no spaces or control characters inside)')
  .describe('An Expo push token');

/** The name of the extension object: fields Expo added after this version of Pushgate. */
export const EXTENSION_FIELD = 'expo';

const soundObjectSchema = z.strictObject({
  critical: z.boolean().optional(),
  name: z.string().nullable().optional(),
  volume: z.number().min(0).max(1).optional(),
});

/** Every field of an Expo push message that Pushgate knows, except `to` (filled in per device). */
const knownFields = {
  title: z.string().optional(),
  body: z.string().optional(),
  subtitle: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional().describe('JSON object delivered to the app'),
  ttl: z.number().int().min(0).optional(),
  expiration: z.number().int().min(0).optional(),
  priority: z.enum(['default', 'normal', 'high']).optional(),
  sound: z.union([z.string(), soundObjectSchema]).nullable().optional(),
  badge: z.number().int().min(0).optional(),
  interruptionLevel: z.enum(['active', 'critical', 'passive', 'time-sensitive']).optional(),
  channelId: z.string().optional(),
  icon: z.string().optional(),
  richContent: z.strictObject({ image: z.string().optional() }).optional(),
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
};

/** The Expo message fields Pushgate knows (the fields of a notification besides `expo`). */
export const MESSAGE_FIELDS: readonly string[] = Object.keys(knownFields);

/** Everything of an Expo push message except `to` (Pushgate fills `to` per device). */
export const pushMessageContentSchema = z
  .strictObject({
    ...knownFields,
    [EXTENSION_FIELD]: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        `Fields Expo added after this version of Pushgate, sent to Expo as they are beside the others (e.g. {"newField": 1}); a field listed here must be given at the top level instead`,
      ),
  })
  .describe(`Expo push message fields (all optional). An unknown field is refused; put fields Expo adds later inside "${EXTENSION_FIELD}"`);

/** A notification as callers give it: Expo's message fields, and `expo` for fields Expo adds later. */
export type PushMessageContent = z.infer<typeof pushMessageContentSchema>;

/** A notification as stored and sent: the known fields, beside them any that came inside `expo`. */
export type MessageContent = Omit<PushMessageContent, typeof EXTENSION_FIELD> & { [field: string]: unknown };

/** Size in bytes of the payload Expo forwards (the JSON of the content, without `to`). */
export function payloadBytes(content: MessageContent): number {
  return Buffer.byteLength(JSON.stringify(content), 'utf8');
}

const invalid = (message: string, details?: unknown) => new MessageValidationError('InvalidMessage', message, details);

/**
 * Validates a message's content (plain JSON, known fields and their types, the 4096-byte limit)
 * and returns it as it will be sent: the `expo` extension's fields beside the known ones (`to` is
 * refused: Pushgate fills it in per device). Throws MessageValidationError (`UnknownField`, `NestingTooDeep`, `ForbiddenKey`,
 * `InvalidMessage`, `MessageTooBig`), naming the field.
 */
export function validateContent(input: unknown, where = 'notification'): MessageContent {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw invalid(`${where} must be an object of Expo message fields`);
  const problem = jsonProblem(input, where);
  if (problem) {
    throw new MessageValidationError(problem.code === 'NotJson' ? 'InvalidMessage' : problem.code, problem.message, { path: problem.path });
  }
  if ('to' in input) throw invalid(`${where}.to: leave it out; Pushgate addresses the message to each of the user's active devices`);
  const parsed = pushMessageContentSchema.safeParse(input);
  if (!parsed.success) {
    const unknownKeys = parsed.error.issues.find((i) => i.code === 'unrecognized_keys' && i.path.length === 0);
    if (unknownKeys && unknownKeys.code === 'unrecognized_keys') {
      const message = `${describeUnknownNames(unknownKeys.keys, [...MESSAGE_FIELDS, EXTENSION_FIELD], 'field', where)}; fields Expo added after this version of Pushgate go inside "${EXTENSION_FIELD}": {...}`;
      throw new MessageValidationError('UnknownField', message, { fields: unknownKeys.keys });
    }
    const first = parsed.error.issues[0]!;
    const path = [where, ...first.path.map(String)].join('.');
    throw invalid(`invalid ${path}: ${first.message}`, z.treeifyError(parsed.error));
  }
  const { [EXTENSION_FIELD]: extension, ...content }: PushMessageContent & MessageContent = parsed.data;
  if (extension) {
    const clash = Object.keys(extension).filter((key) => key in knownFields || key === 'to');
    if (clash.length > 0) {
      throw invalid(
        `${where}.${EXTENSION_FIELD} holds ${clash.map((k) => JSON.stringify(k)).join(', ')}, which Pushgate knows: give ${clash.length > 1 ? 'them' : 'it'} at the top level of ${where}`,
        {
          fields: clash,
        },
      );
    }
    Object.assign(content, extension);
  }
  const size = payloadBytes(content);
  if (size > MAX_PAYLOAD_BYTES) {
    throw new MessageValidationError('MessageTooBig', `notification payload is ${size} bytes; Expo accepts at most ${MAX_PAYLOAD_BYTES}`, {
      bytes: size,
      limit: MAX_PAYLOAD_BYTES,
    });
  }
  return content;
}
