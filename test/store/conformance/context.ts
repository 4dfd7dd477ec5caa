/** What every part of the conformance suite shares: fresh stores and small helpers. */
import type { Delivery } from '../../../src/core/types.js';
import type { ClaimedDelivery, NewNotification, Store } from '../../../src/store/store.js';

export interface ConformanceContext {
  /** A fresh, migrated, empty store, closed after the test. */
  fresh(): Promise<Store>;
  /** Two stores on one fresh database (two processes), closed after the test; null when the factory has none. */
  pair: (() => Promise<[Store, Store]>) | null;
}

/** A fixed clock: every time in the suite is T0 + something. */
export const T0 = 1_700_000_000_000;

export const tok = (name: string | number) => `ExponentPushToken[conf-${name}]`;

/** A notification for `userId` with a readable, fixed-length id (`ntf_<label>`). */
export function note(label: string, userId: string, extra: Partial<NewNotification> = {}): NewNotification {
  return { id: `ntf_${label}`, userId, content: { title: `title ${label}`, body: 'body' }, ...extra };
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
