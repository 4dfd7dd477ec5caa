/** What every Expo answer means for the deliveries it concerns (src/engine/outcomes.ts). */
import { describe, expect, it } from 'vitest';
import {
  classifyError,
  failedRequestUpdates,
  leaseRecovery,
  receiptUpdates,
  rejectedUpdate,
  shutdownUpdate,
  splitUpdate,
  ticketUpdates,
  unknownOutcomeUpdate,
} from '../src/engine/outcomes.js';
import type { ClaimedDelivery } from '../src/store/port.js';

const T = 1_700_000_000_000;
const policy = {
  maxAttempts: 3,
  retryBaseDelayMs: 1000,
  retryMaxDelayMs: 60_000,
  receiptDelayMs: 900_000,
  receiptGiveUpMs: 86_400_000,
  receiptRecheckMs: 300_000,
};
const delivery = (id: string, attempts = 0): ClaimedDelivery => ({
  id,
  notificationId: `ntf_${id}`,
  token: `ExponentPushToken[${id}]`,
  project: null,
  attempts,
  content: {},
});
const error = (code: string | undefined, message = 'x') => ({ status: 'error' as const, message, ...(code ? { details: { error: code } } : {}) });

describe('classifyError', () => {
  it('knows which codes retire a token and which a later attempt may pass', () => {
    expect(classifyError(error('DeviceNotRegistered', 'gone'))).toEqual({
      code: 'DeviceNotRegistered',
      message: 'gone',
      temporary: false,
      deactivateDevice: true,
    });
    expect(classifyError(error('MessageRateExceeded'))).toMatchObject({ temporary: true, deactivateDevice: false });
    for (const code of ['MessageTooBig', 'MismatchSenderId', 'InvalidCredentials', 'SomethingExpoAddsLater']) {
      expect(classifyError(error(code))).toMatchObject({ code, temporary: false, deactivateDevice: false });
    }
  });

  it('calls an error without a code UnknownError, permanent', () => {
    expect(classifyError(error(undefined, 'odd'))).toEqual({ code: 'UnknownError', message: 'odd', temporary: false, deactivateDevice: false });
  });
});

describe('ticketUpdates', () => {
  it('maps each ticket, in order, to the state its delivery takes', () => {
    const updates = ticketUpdates(
      [delivery('a'), delivery('b'), delivery('c'), delivery('d', 2), delivery('e')],
      [{ status: 'ok', id: 'tk-a' }, error('DeviceNotRegistered', 'gone'), error('MessageRateExceeded'), error('MessageRateExceeded'), error('MessageTooBig')],
      policy,
      T,
    );
    expect(updates[0]).toEqual({ deliveryId: 'a', state: 'sent', ticketId: 'tk-a', receiptDueAt: T + 900_000 });
    expect(updates[1]).toEqual({ deliveryId: 'b', state: 'failed', errorCode: 'DeviceNotRegistered', errorMessage: 'gone', deactivateDevice: true });
    expect(updates[2]).toMatchObject({ deliveryId: 'c', state: 'retrying', errorCode: 'MessageRateExceeded' });
    expect(updates[2]!.nextAttemptAt).toBeGreaterThanOrEqual(T + 500);
    expect(updates[2]!.nextAttemptAt).toBeLessThanOrEqual(T + 1000);
    // the third attempt of a delivery allowed three: out of attempts
    expect(updates[3]).toEqual({ deliveryId: 'd', state: 'failed', errorCode: 'MessageRateExceeded', errorMessage: 'x' });
    expect(updates[4]).toMatchObject({ deliveryId: 'e', state: 'failed', errorCode: 'MessageTooBig', deactivateDevice: false });
  });
});

describe('failedRequestUpdates', () => {
  it('retries with backoff what has attempts left and fails the rest with the request error', () => {
    const groups = failedRequestUpdates(
      [delivery('a', 0), delivery('b', 2), delivery('c', 1)],
      { code: 'HTTP_503', message: 'down', retryAfterMs: null },
      policy,
      T,
    );
    expect(groups).toEqual([
      { ids: ['b'], update: { state: 'failed', errorCode: 'HTTP_503', errorMessage: 'down' } },
      { ids: ['a', 'c'], update: { state: 'retrying', errorCode: 'HTTP_503', errorMessage: 'down', nextAttemptAt: expect.any(Number) } },
    ]);
  });

  it('honours Retry-After', () => {
    const [retry] = failedRequestUpdates([delivery('a')], { code: 'HTTP_503', message: 'down', retryAfterMs: 30_000 }, policy, T);
    expect(retry!.update.nextAttemptAt).toBeGreaterThanOrEqual(T + 30_000);
  });
});

describe('updates for a whole request', () => {
  it('fails a refused request, never resends one whose outcome is unknown, resends a split one at once without counting it', () => {
    expect(rejectedUpdate({ code: 'HTTP_400', message: 'bad' })).toEqual({ state: 'failed', errorCode: 'HTTP_400', errorMessage: 'bad' });
    expect(unknownOutcomeUpdate({ code: 'Timeout', message: 'no answer' })).toEqual({
      state: 'maybe_delivered',
      errorCode: 'Timeout',
      errorMessage: 'no answer',
    });
    expect(splitUpdate(T)).toMatchObject({ state: 'retrying', nextAttemptAt: T, undoAttempt: true });
    expect(shutdownUpdate(T)).toMatchObject({ state: 'retrying', nextAttemptAt: T });
    expect(shutdownUpdate(T).undoAttempt).toBeFalsy();
  });

  it('recovers a lost lease: back to the queue if no request started, else maybe_delivered', () => {
    expect(leaseRecovery(T)).toEqual({
      notStarted: { state: 'queued', nextAttemptAt: T },
      started: { state: 'maybe_delivered', errorCode: 'LeaseExpired', errorMessage: expect.any(String) },
    });
  });
});

describe('receiptUpdates', () => {
  it('delivers ok receipts, fails error receipts, waits for missing ones, gives up after receiptGiveUpMs', () => {
    const claimed = [
      { deliveryId: 'a', ticketId: 'ta', token: 't', sentAt: T },
      { deliveryId: 'b', ticketId: 'tb', token: 't', sentAt: T },
      { deliveryId: 'c', ticketId: 'tc', token: 't', sentAt: T },
      { deliveryId: 'd', ticketId: 'td', token: 't', sentAt: T - 86_400_000 },
    ];
    const updates = receiptUpdates(claimed, { ta: { status: 'ok' }, tb: error('DeviceNotRegistered', 'gone') }, policy, T + 1000);
    expect(updates).toEqual([
      { deliveryId: 'a', state: 'delivered' },
      { deliveryId: 'b', state: 'failed', errorCode: 'DeviceNotRegistered', errorMessage: 'gone', deactivateDevice: true },
      { deliveryId: 'c', state: 'sent', recheckAt: T + 1000 + 300_000 },
      { deliveryId: 'd', state: 'maybe_delivered', errorCode: 'ReceiptMissing', errorMessage: 'Expo never returned a receipt' },
    ]);
  });
});
