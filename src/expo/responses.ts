/**
 * Parsing of Expo's answers. Expo outages arrive as HTML (502/504) or plain text (503), so every
 * body is parsed defensively: nothing here throws on a malformed answer.
 */

/** A push ticket: Expo's per-message answer to /push/send. */
export type ExpoTicket = { status: 'ok'; id: string } | { status: 'error'; message: string; details?: { error?: string; [key: string]: unknown } };

/** A push receipt: the answer of APNs/FCM via /push/getReceipts. */
export type ExpoReceipt = { status: 'ok' } | { status: 'error'; message: string; details?: { error?: string; [key: string]: unknown } };

export interface ExpoRequestError {
  code: string;
  message: string;
  details?: unknown;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first entry of an `errors` array, or Expo's OAuth-style `{error, error_description}`. */
export function firstRequestError(body: unknown): ExpoRequestError | null {
  if (!isRecord(body)) return null;
  if (Array.isArray(body.errors) && isRecord(body.errors[0])) {
    const e = body.errors[0];
    return { code: String(e.code ?? 'UNKNOWN'), message: String(e.message ?? ''), details: e.details };
  }
  if (typeof body.error === 'string') {
    return { code: body.error, message: String(body.error_description ?? body.error) };
  }
  return null;
}

function isTicket(value: unknown): value is ExpoTicket {
  if (!isRecord(value)) return false;
  if (value.status === 'ok') return typeof value.id === 'string';
  return value.status === 'error';
}

/** The tickets of a 200 answer when there is exactly one per message, else null. */
export function parseTickets(body: unknown, expected: number): ExpoTicket[] | null {
  if (!isRecord(body)) return null;
  const data = Array.isArray(body.data) ? body.data : expected === 1 && isRecord(body.data) ? [body.data] : null;
  if (!data || data.length !== expected || !data.every(isTicket)) return null;
  return data as ExpoTicket[];
}

/** The receipts of a 200 answer keyed by receipt id, else null. */
export function parseReceipts(body: unknown): Record<string, ExpoReceipt> | null {
  if (!isRecord(body) || !isRecord(body.data)) return null;
  const out: Record<string, ExpoReceipt> = {};
  for (const [id, receipt] of Object.entries(body.data)) {
    if (isRecord(receipt) && (receipt.status === 'ok' || receipt.status === 'error')) out[id] = receipt as ExpoReceipt;
  }
  return out;
}

/** Retry-After in ms (seconds or an HTTP date), or null. */
export function parseRetryAfter(header: string | string[] | undefined, now = Date.now()): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

/** The per-project token lists in a PUSH_TOO_MANY_EXPERIENCE_IDS error's details. */
export function parseProjectSplit(details: unknown): Record<string, string[]> | null {
  if (!isRecord(details)) return null;
  const out: Record<string, string[]> = {};
  for (const [project, tokens] of Object.entries(details)) {
    if (!Array.isArray(tokens)) return null;
    out[project] = tokens.filter((t): t is string => typeof t === 'string');
  }
  return Object.keys(out).length > 0 ? out : null;
}
