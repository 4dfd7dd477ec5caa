/**
 * Zod pieces shared by the route groups, and the route config every route carries (summary,
 * tags, whether it is public). The schemas validate requests (see validation.ts) and are the
 * source of /openapi.json (see openapi.ts).
 */
import { z } from 'zod';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Served without an API key (health checks, the API's own documentation). */
    public?: boolean;
    /** One line for /openapi.json and /docs. */
    summary?: string;
    /** Longer text for /openapi.json and /docs. */
    description?: string;
    /** OpenAPI tag (route group). */
    tag?: string;
    /** The request body as /openapi.json documents it, when it is validated more loosely up front (items checked one by one). */
    documentedBody?: unknown;
  }
}

/** Your own identifier of a user: any string of 1 to 255 characters. */
export const userIdSchema = z.string().min(1).max(255).describe('Your identifier of the user (1 to 255 characters)');

/** An ISO-8601 time with an offset (`Z` or `+hh:mm`); rendered back in UTC. */
export const isoTimeSchema = z.iso
  .datetime({ offset: true })
  .refine((value) => Number.isFinite(Date.parse(value)), 'not a valid time')
  .describe('ISO-8601 time, e.g. 2026-03-26T10:15:00Z');

/** Epoch ms of a validated ISO time (undefined stays undefined). */
export const toEpochMs = (value: string | undefined): number | undefined => (value === undefined ? undefined : Date.parse(value));

/** An opaque id in a path (`ntf_...`, `bat_...`); anything unknown is a 404. */
export const idParams = z.object({ id: z.string().min(1).max(255).describe('The id returned when it was created') });

/** The one error shape of every non-2xx answer. */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().describe('Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig'),
      message: z.string().describe('Human-readable explanation'),
      details: z.unknown().optional().describe('Structured details (e.g. the invalid fields)'),
    }),
  })
  .describe('Error');

/** `?wait=` on the send endpoints: `true` waits until Expo accepted or refused, `receipt` until the receipt. */
export const waitModeSchema = z
  .enum(['true', 'false', '1', '0', 'receipt'])
  .optional()
  .describe(
    'true: answer once Expo accepted (sent) or refused (failed) it; receipt: once the receipt settled it (delivered/failed); bounded by timeout_ms. Receipts are first checked PUSHGATE_RECEIPT_DELAY_MS after sending (15 min by default, longer than the largest timeout_ms), so with the defaults receipt ends with Pushgate-Wait: timeout; use true for a synchronous answer',
  );

/** Default and largest `timeout_ms` of `?wait=`. */
export const WAIT_DEFAULT_MS = 10_000;
export const WAIT_MAX_MS = 60_000;

export const timeoutMsSchema = z.coerce
  .number()
  .int()
  .min(1)
  .max(WAIT_MAX_MS)
  .default(WAIT_DEFAULT_MS)
  .describe(`How long ?wait may hold the request, ms (1..${WAIT_MAX_MS}, default ${WAIT_DEFAULT_MS})`);

export type WaitMode = 'none' | 'accepted' | 'receipt';

export function waitModeOf(value: string | undefined): WaitMode {
  if (value === 'true' || value === '1') return 'accepted';
  if (value === 'receipt') return 'receipt';
  return 'none';
}
