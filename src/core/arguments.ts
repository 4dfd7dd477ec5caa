/**
 * The library's arguments, checked where they come in: every bad call gets an InvalidArgumentError
 * whose message names the method and the argument (`sendToUsers: userIds: expected an array`),
 * never a database error, a TypeError or a silent default. Unknown keys are refused with the
 * closest known one named, as over HTTP. Notification content is checked by validateContent
 * (domain/message.ts), which throws MessageValidationError.
 */
import { z } from 'zod';
import { InvalidArgumentError } from '../domain/errors.js';
import { NO_CONTROL_CHARACTERS } from '../domain/ids.js';
import { pushTokenSchema } from '../domain/message.js';
import { PLATFORMS } from '../domain/records.js';
import { NOTIFICATION_STATUSES } from '../domain/states.js';
import { describeUnknownNames } from '../domain/suggest.js';

/** Latest time accepted (9999-12-31T23:59:59.999Z): any later is a unit mistake, not a plan. */
export const MAX_TIME_MS = 253_402_300_799_999;
/** Largest page of a listing. */
export const MAX_LIST_LIMIT = 1000;

const noControl = (what: string) => z.string().regex(NO_CONTROL_CHARACTERS, `${what} must not contain control characters`);

/** Your identifier of a user: 1 to 255 characters, no control characters. */
export const userIdArg = noControl('a user id').min(1, 'a user id must not be empty').max(255, 'a user id is at most 255 characters');
/** An id this library returned (`ntf_...`, `bat_...`, `key_...`). */
export const idArg = noControl('an id').min(1, 'an id must not be empty').max(255, 'an id is at most 255 characters');
export const idempotencyKeyArg = noControl('an idempotency key')
  .min(1, 'an idempotency key must not be empty')
  .max(255, 'an idempotency key is at most 255 characters');
export const pushTokenArg = pushTokenSchema;
export const platformArg = z.enum(PLATFORMS);
export const languageArg = z
  .string()
  .regex(/^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en or pt-BR')
  .max(35)
  .nullable();
/** Epoch milliseconds or a Date, 1970 to 9999. */
export const timeArg = z.union([z.number(), z.date()]).transform((value, ctx) => {
  const ms = value instanceof Date ? value.getTime() : value;
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_TIME_MS) {
    ctx.addIssue({ code: 'custom', message: `must be a Date or epoch milliseconds between 0 and ${MAX_TIME_MS} (year 9999), got ${String(value)}` });
    return z.NEVER;
  }
  return ms;
});
export const limitArg = z.number().int('must be a whole number').min(1).max(MAX_LIST_LIMIT);
export const statusArg = z.enum(NOTIFICATION_STATUSES);

/** The first issue of a failed parse as one sentence naming the argument. */
function sentence(method: string, issue: z.core.$ZodIssue, known: (path: PropertyKey[]) => readonly string[]): string {
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'argument';
  if (issue.code === 'unrecognized_keys') {
    return `${method}: ${describeUnknownNames(issue.keys, known(issue.path), 'argument', issue.path.length > 0 ? where : 'the arguments')}`;
  }
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) return `${method}: ${where}: is required (${issue.expected})`;
  return `${method}: ${where}: ${issue.message}`;
}

/** The keys of the object schema(s) at `path` in `schema` (for "did you mean"); none where there is no object. */
export function keysAt(schema: unknown, path: readonly PropertyKey[]): readonly string[] {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault) current = current.unwrap();
    else if (current instanceof z.ZodPipe) current = current.in;
    else break;
  }
  if (current instanceof z.ZodUnion) return [...new Set(current.options.flatMap((option) => keysAt(option, path)))];
  if (path.length === 0) return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
  const [head, ...rest] = path;
  if (current instanceof z.ZodObject) return keysAt((current.shape as Record<string, unknown>)[String(head)], rest);
  if (current instanceof z.ZodArray) return keysAt(current.element, rest);
  return [];
}

/**
 * Parses `value` with `schema`, or throws InvalidArgumentError naming `method` and the argument.
 * `name` prefixes paths when the value is one named argument (`filter.status`).
 */
export function parseArgs<S extends z.ZodType>(method: string, schema: S, value: unknown, name?: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // A misspelt key also leaves the key meant missing: the misspelling is the better news.
  const issue = result.error.issues.find((i) => i.code === 'unrecognized_keys') ?? result.error.issues[0]!;
  const prefixed = name === undefined ? issue : { ...issue, path: [name, ...issue.path] };
  const message = sentence(method, prefixed as z.core.$ZodIssue, (path) => keysAt(schema, name === undefined ? path : path.slice(1)));
  throw new InvalidArgumentError(message, { argument: prefixed.path.map(String).join('.') || name || null, issues: result.error.issues.slice(0, 20) });
}

/** An object with exactly these keys (unknown ones refused), for one method's arguments. */
export const args = <T extends z.core.$ZodLooseShape>(shape: T) =>
  z.strictObject(shape, { error: (issue) => (issue.input === undefined ? 'required' : 'must be an object') });

// ---- each method's arguments ----------------------------------------------------------------

const userArgs = args({ userId: userIdArg });
/** A wait of at most a day, ms. */
const waitMs = z.number().int('must be a whole number of ms').min(0).max(86_400_000);
export const ARGS = {
  user: userArgs,
  id: args({ id: idArg }),
  recordToken: args({ userId: userIdArg, pushToken: pushTokenArg, platform: platformArg.optional(), language: languageArg.optional() }),
  removeToken: args({ pushToken: z.string().min(1, 'must not be empty').max(255) }),
  send: args({
    userId: userIdArg,
    // Checked by validateContent, which names the field.
    notification: z.unknown(),
    idempotencyKey: idempotencyKeyArg.optional(),
    allowUnregisteredTokens: z.boolean().optional(),
    sendAt: timeArg.optional(),
  }),
  fanOut: args({
    userIds: z.array(userIdArg),
    notification: z.unknown(),
    idempotencyKey: idempotencyKeyArg.optional(),
    sendAt: timeArg.optional(),
  }),
  userPage: args({ userId: userIdArg, limit: limitArg.optional(), cursor: z.string().max(1024).nullable().optional() }),
  filter: args({
    userId: userIdArg.optional(),
    status: statusArg.optional(),
    batchId: idArg.optional(),
    from: timeArg.optional(),
    to: timeArg.optional(),
  }),
  page: args({ page: z.number().int('must be a whole number').min(1).max(1_000_000), limit: limitArg }),
  markOpened: args({ id: idArg, openedAt: timeArg.optional() }),
  apiKeyName: args({ name: z.string().min(1, 'must not be empty').max(100) }),
  waitForNotification: args({ id: idArg, until: z.enum(['accepted', 'final']), timeoutMs: waitMs, signal: z.instanceof(AbortSignal).optional() }),
  waitForBatch: args({ id: idArg, timeoutMs: waitMs, signal: z.instanceof(AbortSignal).optional() }),
} as const;
