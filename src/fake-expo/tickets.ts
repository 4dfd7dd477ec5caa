/** The per-message outcome of an accepted /push/send request: a ticket, and later a receipt. */
import { randomUUID } from 'node:crypto';
import { type ErrorOutcome, isPushToken, MAX_PAYLOAD_BYTES, type Receipt, type Recipient, type Ticket } from './protocol.js';
import type { FakeState } from './state.js';

const RECEIPT_OK: Receipt = Object.freeze({ status: 'ok' });

const MESSAGES: Record<string, (token: string) => string> = {
  DeviceNotRegistered: (t) => `${JSON.stringify(t)} is not a registered push notification recipient`,
  MessageTooBig: () => `Message too big: the payload must be at most ${MAX_PAYLOAD_BYTES} bytes.`,
  MessageRateExceeded: (t) => `Too many messages are being sent to ${JSON.stringify(t)}; slow down.`,
  InvalidCredentials: () => 'Could not find credentials to send to this device; upload your push credentials.',
  MismatchSenderId: () => 'The FCM sender id does not match the one the device registered with.',
};

function errorOutcome(code: string, token: string): ErrorOutcome {
  const message = MESSAGES[code]?.(token) ?? `Push notification failed: ${code}.`;
  return { status: 'error', message, details: { error: code, expoPushToken: token } };
}

/**
 * Decides one recipient's ticket and, when ok, records the acceptance and its future receipt.
 * Checks in Expo's order of concern: unknown recipient, injected error, payload size.
 */
export function ticketFor(state: FakeState, recipient: Recipient, contentJson: string, now: number): Ticket {
  const { faults } = state;
  const token = recipient.to;
  if (!isPushToken(token) || faults.deviceNotRegisteredAtTicket.has(token)) return errorOutcome('DeviceNotRegistered', token);
  const injected = faults.ticketErrors.get(token);
  if (injected) {
    if (--injected.times <= 0) faults.ticketErrors.delete(token);
    if (injected.times >= 0) return errorOutcome(injected.code, token);
  }
  if (Buffer.byteLength(contentJson) > MAX_PAYLOAD_BYTES) return errorOutcome('MessageTooBig', token);
  const id = randomUUID();
  const receipt = faults.deviceNotRegisteredAtReceipt.has(token) ? errorOutcome('DeviceNotRegistered', token) : RECEIPT_OK;
  state.accept(token, contentJson, id, receipt, now);
  return { status: 'ok', id };
}
