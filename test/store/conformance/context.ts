/** What every part of the conformance suite shares: fresh stores and small helpers. */
import type { Clock } from '../../../src/domain/clock.js';
import type { Delivery } from '../../../src/domain/records.js';
import { leaseRecovery } from '../../../src/engine/outcomes.js';
import type { BulkUpdate, ClaimedDelivery, NewNotification, ReceiptUpdate, Store, TicketUpdate } from '../../../src/store/port.js';
import type { ManualClock } from '../../support/clock.js';

/** Makes a fresh, migrated, empty store reading the time from `clock`. */
export type StoreFactory = (clock: Clock) => Promise<Store>;

export interface ConformanceContext {
  /** A fresh, migrated, empty store on the suite's clock (set back to T0), closed after the test. */
  fresh(): Promise<Store>;
  /** Two stores on one fresh database (two processes), closed after the test; null when the factory has none. */
  pair: (() => Promise<[Store, Store]>) | null;
  /** The clock every store of the current test reads (startRequest stamps its grants with it). */
  clock: ManualClock;
}

/** Every time in the suite is T0 + something. */
export const T0 = 1_700_000_000_000;

/** An Expo ticket accepted: `sent` with its ticket id. */
export const sent = (deliveryId: string, ticketId: string, receiptDueAt: number): TicketUpdate => ({ deliveryId, state: 'sent', ticketId, receiptDueAt });
/** An Expo ticket refused for good. */
export const refused = (deliveryId: string, errorCode: string, errorMessage: string, deactivateDevice = false): TicketUpdate => ({
  deliveryId,
  state: 'failed',
  errorCode,
  errorMessage,
  deactivateDevice,
});
/** A temporary ticket error: `retrying` until `nextAttemptAt`. */
export const retryTicket = (deliveryId: string, errorCode: string, errorMessage: string, nextAttemptAt: number): TicketUpdate => ({
  deliveryId,
  state: 'retrying',
  errorCode,
  errorMessage,
  nextAttemptAt,
});
/** A request-level failure: `retrying` at `nextAttemptAt`, or `failed` when it is null. */
export const requestFailed = (nextAttemptAt: number | null, errorCode: string, errorMessage: string, undoAttempt = false): BulkUpdate =>
  nextAttemptAt === null ? { state: 'failed', errorCode, errorMessage } : { state: 'retrying', nextAttemptAt, errorCode, errorMessage, undoAttempt };
/** No usable answer: `maybe_delivered`. */
export const unknownOutcome = (errorCode: string, errorMessage: string): BulkUpdate => ({ state: 'maybe_delivered', errorCode, errorMessage });

/** Receipt answers, as the engine turns them into updates. */
export const receiptDelivered = (deliveryId: string): ReceiptUpdate => ({ deliveryId, state: 'delivered' });
export const receiptFailed = (deliveryId: string, errorCode: string, errorMessage: string, deactivateDevice = false): ReceiptUpdate => ({
  deliveryId,
  state: 'failed',
  errorCode,
  errorMessage,
  deactivateDevice,
});
/** Expo has no receipt yet: look again at `recheckAt`. */
export const receiptPending = (deliveryId: string, recheckAt: number): ReceiptUpdate => ({ deliveryId, state: 'sent', recheckAt });
/** Still no receipt long after sending: `maybe_delivered`. */
export const receiptMissing = (deliveryId: string): ReceiptUpdate => ({
  deliveryId,
  state: 'maybe_delivered',
  errorCode: 'ReceiptMissing',
  errorMessage: 'Expo never returned a receipt',
});

/** Marks a request started for these deliveries (no send budget) at `now` on `clock`, leased `leaseMs` on; returns those started. */
export async function startAt(store: Store, clock: ManualClock, ids: string[], owner: string, now: number, leaseMs = 60_000): Promise<string[]> {
  clock.set(now);
  return (await store.startRequest({ deliveryIds: ids, owner, leaseMs, budget: null })).started;
}

/** recoverExpiredLeases with the engine's rule; counts as requeued / maybeDelivered. */
export async function recover(store: Store, now: number): Promise<{ requeued: number; maybeDelivered: number }> {
  const { notStarted, started } = await store.recoverExpiredLeases(now, leaseRecovery(now));
  return { requeued: notStarted, maybeDelivered: started };
}

export const tok = (name: string | number) => `ExponentPushToken[conf-${name}]`;

/** A notification for `userId` with a readable, fixed-length id (`ntf_<label>`). */
export function note(label: string, userId: string, extra: Partial<NewNotification> = {}): NewNotification {
  return { id: `ntf_${label}`, userId, content: { title: `title ${label}`, body: 'body' }, ...extra };
}

/** A device of `userId` by token, or undefined. */
export async function deviceOf(store: Store, userId: string, token: string) {
  return (await store.getDevicesForUser(userId)).find((d) => d.token === token);
}

let retired = 0;
/**
 * Retires one of `userId`'s devices as the engine does, through a DeviceNotRegistered ticket (of a
 * notification of its own, whose other deliveries end `failed`). Claims everything due: call it
 * before queuing the notifications a test is about.
 */
export async function retire(store: Store, userId: string, token: string, now = T0): Promise<void> {
  const id = `ntf_retire${++retired}`;
  await store.enqueueNotifications([{ id, userId, content: {} }], now);
  const claimed = await store.claimDueDeliveries({ owner: 'retire', now, leaseMs: 60_000, limit: 1000 });
  await store.applyTickets(
    claimed.map((c) => (c.token === token ? refused(c.id, 'DeviceNotRegistered', 'gone', true) : refused(c.id, 'Other', 'other'))),
    now,
  );
}

/** Records `count` devices for `userId`, one ms apart (so their order is known), tokens `<userId>-<k>`. */
export async function devicesFor(store: Store, userId: string, count: number, at = T0): Promise<string[]> {
  const tokens: string[] = [];
  for (let k = 0; k < count; k++) {
    const token = tok(`${userId}-${k}`);
    await store.recordTokens([{ userId, token }], at + k);
    tokens.push(token);
  }
  return tokens;
}

/** Queues one notification and checks it was queued; returns its id. */
export async function queue(store: Store, label: string, userId: string, now = T0, extra: Partial<NewNotification> = {}) {
  const [outcome] = await store.enqueueNotifications([note(label, userId, extra)], now);
  if (outcome?.kind !== 'queued') throw new Error(`expected ${label} to be queued, got ${JSON.stringify(outcome)}`);
  return outcome.id;
}

/** The deliveries of a notification, oldest first. */
export async function deliveriesOf(store: Store, notificationId: string): Promise<Delivery[]> {
  const notification = await store.getNotification(notificationId);
  if (!notification) throw new Error(`no notification ${notificationId}`);
  return notification.deliveries;
}

export async function statusOf(store: Store, notificationId: string) {
  return (await store.getNotification(notificationId))?.status;
}

/** Claims everything due at `now` (in one claim) for `owner`. */
export function claimAll(store: Store, now = T0, owner = 'w1', leaseMs = 60_000): Promise<ClaimedDelivery[]> {
  return store.claimDueDeliveries({ owner, now, leaseMs, limit: 1000 });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(10);
  }
}
