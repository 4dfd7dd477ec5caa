/** Expo's rules for a /push/send body: recipients, token format, projects. */

/** At most this many recipients per /push/send request (each entry of a `to` array counts). */
export const MAX_MESSAGES = 100;
/** At most this many ids per /push/getReceipts request. */
export const MAX_RECEIPT_IDS = 1000;
/** A message's JSON payload (without `to`) may be at most this many bytes. */
export const MAX_PAYLOAD_BYTES = 4096;

const TOKEN = /^Expo(?:nent)?PushToken\[([^\]]+)\]$/;

/** True for `ExponentPushToken[...]` and `ExpoPushToken[...]`. */
export function isPushToken(token: string): boolean {
  return TOKEN.test(token);
}

/**
 * The Expo project a token belongs to. The fake encodes it in the token: `ExponentPushToken[alpha@x]`
 * is in `@pushgate/alpha`; tokens without `<name>@` (or malformed ones) are in `defaultProject`.
 */
export function projectOf(token: string, defaultProject: string): string {
  const inner = TOKEN.exec(token)?.[1];
  if (!inner) return defaultProject;
  const at = inner.indexOf('@');
  return at > 0 ? `@pushgate/${inner.slice(0, at)}` : defaultProject;
}

/** One recipient of one message: the unit Expo counts, tickets and rate-limits. */
export interface Recipient {
  to: string;
  /** The message without `to`, shared by all recipients of one message. */
  content: Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Flattens a /push/send body (one message or an array; `to` a string or an array) to one entry
 * per recipient, in order. Fields other than `to` and `data` pass through unchecked, since Expo
 * adds fields over time. Returns a string describing what is wrong instead.
 */
export function recipients(body: unknown): Recipient[] | string {
  const list = Array.isArray(body) ? body : [body];
  const out: Recipient[] = [];
  for (let i = 0; i < list.length; i++) {
    const message: unknown = list[i];
    if (!isRecord(message)) return `"[${i}]" must be of type object`;
    const { to, ...content } = message;
    if (content.data !== undefined && !isRecord(content.data)) return `"[${i}].data" must be of type object`;
    if (typeof to === 'string') {
      out.push({ to, content });
      continue;
    }
    if (!Array.isArray(to) || to.length === 0) return `"[${i}].to" must be a push token or a non-empty array of push tokens`;
    for (const t of to) {
      if (typeof t !== 'string') return `"[${i}].to" must only contain strings`;
      out.push({ to: t, content });
    }
    // Past the limit the request is refused anyway; stop before a huge `to` array costs more.
    if (out.length > MAX_MESSAGES) return out;
  }
  return out;
}

/** The tokens of the request grouped by project, in first-seen order. */
export function groupByProject(list: Recipient[], defaultProject: string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const { to } of list) {
    const project = projectOf(to, defaultProject);
    const tokens = groups.get(project);
    if (tokens) tokens.push(to);
    else groups.set(project, [to]);
  }
  return groups;
}

/** A ticket or receipt that reports a per-message error. */
export interface ErrorOutcome {
  status: 'error';
  message: string;
  details: { error: string; expoPushToken?: string };
}

/** Expo's per-message answer to /push/send. */
export type Ticket = { status: 'ok'; id: string } | ErrorOutcome;

/** Expo's answer from /push/getReceipts for one ticket id. */
export type Receipt = { status: 'ok' } | ErrorOutcome;
