/**
 * What every answer means for the deliveries it concerns: the one place where an Expo ticket, a
 * receipt, a failed request or a lost lease is turned into the state a store then writes.
 *
 * Expo documents DeviceNotRegistered, MessageTooBig, MessageRateExceeded, MismatchSenderId and
 * InvalidCredentials and may add more: an unknown code is treated as permanent for that message,
 * never as a reason to resend blindly.
 */
import type { ExpoReceipt, ExpoTicket } from '../expo/responses.js';
import type { BulkUpdate, ClaimedDelivery, ClaimedReceipt, LeaseRecovery, ReceiptUpdate, TicketUpdate } from '../store/port.js';
import { retryDelay } from './backoff.js';
import type { EngineConfig } from './config.js';

/** Codes after which the token must not be used again. */
const DEACTIVATING = new Set(['DeviceNotRegistered']);
/** Codes that a later attempt may get past. */
const TEMPORARY = new Set(['MessageRateExceeded']);

export interface ClassifiedError {
  code: string;
  message: string;
  temporary: boolean;
  deactivateDevice: boolean;
}

type RetryPolicy = Pick<EngineConfig, 'maxAttempts' | 'retryBaseDelayMs' | 'retryMaxDelayMs'>;

/** Classifies an error ticket or receipt. */
export function classifyError(entry: Extract<ExpoTicket | ExpoReceipt, { status: 'error' }>): ClassifiedError {
  const code = typeof entry.details?.error === 'string' ? entry.details.error : 'UnknownError';
  return {
    code,
    message: typeof entry.message === 'string' ? entry.message : code,
    temporary: TEMPORARY.has(code),
    deactivateDevice: DEACTIVATING.has(code),
  };
}

/** Per-delivery updates of a 200 answer (tickets are in message order). */
export function ticketUpdates(
  deliveries: readonly ClaimedDelivery[],
  tickets: readonly ExpoTicket[],
  config: RetryPolicy & Pick<EngineConfig, 'receiptDelayMs'>,
  now: number,
): TicketUpdate[] {
  return deliveries.map((delivery, index) => {
    const ticket = tickets[index]!;
    const deliveryId = delivery.id;
    if (ticket.status === 'ok') return { deliveryId, state: 'sent', ticketId: ticket.id, receiptDueAt: now + config.receiptDelayMs };
    const error = classifyError(ticket);
    const failed = { deliveryId, errorCode: error.code, errorMessage: error.message };
    if (!error.temporary) return { ...failed, state: 'failed', deactivateDevice: error.deactivateDevice };
    const attempts = delivery.attempts + 1;
    if (attempts >= config.maxAttempts) return { ...failed, state: 'failed' };
    return { ...failed, state: 'retrying', nextAttemptAt: now + retryDelay(attempts, config.retryBaseDelayMs, config.retryMaxDelayMs, null) };
  });
}

/** A request-level failure: each delivery retries with backoff, or fails once out of attempts. */
export function failedRequestUpdates(
  deliveries: readonly ClaimedDelivery[],
  error: { code: string; message: string; retryAfterMs: number | null },
  config: RetryPolicy,
  now: number,
): { ids: string[]; update: BulkUpdate }[] {
  const failed = { errorCode: error.code, errorMessage: error.message };
  const exhausted = deliveries.filter((d) => d.attempts + 1 >= config.maxAttempts).map((d) => d.id);
  const retry = deliveries.filter((d) => d.attempts + 1 < config.maxAttempts);
  const groups: { ids: string[]; update: BulkUpdate }[] = [];
  if (exhausted.length > 0) groups.push({ ids: exhausted, update: { ...failed, state: 'failed' } });
  if (retry.length > 0) {
    const attempts = retry[0]!.attempts + 1;
    const delay = retryDelay(attempts, config.retryBaseDelayMs, config.retryMaxDelayMs, error.retryAfterMs);
    groups.push({ ids: retry.map((d) => d.id), update: { ...failed, state: 'retrying', nextAttemptAt: now + delay } });
  }
  return groups;
}

/**
 * Expo answered 429: it is telling us our rate, not judging the messages. Retried no sooner than
 * `nextAttemptAt`, and the attempt does not count: however long Expo stays busy, nothing fails for it.
 */
export function rateLimitedUpdate(error: { code: string; message: string }, nextAttemptAt: number): BulkUpdate {
  return { state: 'retrying', nextAttemptAt, errorCode: error.code, errorMessage: error.message, undoAttempt: true };
}

/** The project is paused after a 429: claimed deliveries go back unsent, due when the pause ends. */
export function pausedUpdate(until: number): BulkUpdate {
  return { state: 'retrying', nextAttemptAt: until, errorCode: 'TOO_MANY_REQUESTS', errorMessage: 'held back: Expo asked this project to slow down' };
}

/** Expo refused the request as such (a 4xx other than auth): resending it unchanged cannot succeed. */
export function rejectedUpdate(error: { code: string; message: string }): BulkUpdate {
  return { state: 'failed', errorCode: error.code, errorMessage: error.message };
}

/** The request may have reached Expo and no usable answer came: never resent. */
export function unknownOutcomeUpdate(error: { code: string; message: string }): BulkUpdate {
  return { state: 'maybe_delivered', errorCode: error.code, errorMessage: error.message };
}

/** Tokens of several Expo projects in one request: resend at once, split; this attempt did not count. */
export function splitUpdate(now: number): BulkUpdate {
  return { state: 'retrying', nextAttemptAt: now, errorCode: 'PUSH_TOO_MANY_EXPERIENCE_IDS', errorMessage: 'split by project', undoAttempt: true };
}

/** Claimed, maybe marked started, but known never sent (the database failed in between): back in the queue, not counted. */
export function neverSentUpdate(now: number): BulkUpdate {
  return { state: 'queued', nextAttemptAt: now, undoAttempt: true };
}

/** Claimed but never sent because the engine is stopping: back in the queue, due now. */
export function shutdownUpdate(now: number): BulkUpdate {
  return { state: 'retrying', nextAttemptAt: now, errorCode: 'Shutdown', errorMessage: 'released unsent at shutdown' };
}

/**
 * A lease that ran out (its process died): a delivery no request carried goes back to the queue;
 * one a request may have carried is `maybe_delivered`, never resent.
 */
export function leaseRecovery(now: number): LeaseRecovery {
  return {
    notStarted: { state: 'queued', nextAttemptAt: now },
    started: { state: 'maybe_delivered', errorCode: 'LeaseExpired', errorMessage: 'the process sending it stopped before recording the answer' },
  };
}

/** Receipt updates for claimed receipts, from getReceipts' answer (ids Expo did not know are absent). */
export function receiptUpdates(
  claimed: readonly ClaimedReceipt[],
  receipts: Readonly<Record<string, ExpoReceipt>>,
  config: Pick<EngineConfig, 'receiptGiveUpMs' | 'receiptRecheckMs'>,
  now: number,
): ReceiptUpdate[] {
  return claimed.map((c) => {
    const deliveryId = c.deliveryId;
    const receipt = receipts[c.ticketId];
    if (!receipt) {
      if (now - c.sentAt >= config.receiptGiveUpMs) {
        return { deliveryId, state: 'maybe_delivered', errorCode: 'ReceiptMissing', errorMessage: 'Expo never returned a receipt' };
      }
      return { deliveryId, state: 'sent', recheckAt: now + config.receiptRecheckMs };
    }
    if (receipt.status === 'ok') return { deliveryId, state: 'delivered' };
    const error = classifyError(receipt);
    return { deliveryId, state: 'failed', errorCode: error.code, errorMessage: error.message, deactivateDevice: error.deactivateDevice };
  });
}
