/**
 * Waiting for outcomes: until a notification is settled (Expo accepted or refused every
 * delivery) or final (every delivery final, or opened), or until a batch has nothing in progress.
 * Wakes on this process's engine events and polls for what other processes sharing the database
 * do; ends early when `signal` aborts (a closing server answers its waiting requests at once).
 */
import type { Clock } from '../domain/clock.js';
import type { NotificationWithDeliveries } from '../domain/records.js';
import { IN_PROGRESS_DELIVERY_STATES, isFinal, isSettled, type NotificationStatus } from '../domain/states.js';
import type { Engine } from '../engine/engine.js';
import type { Store } from '../store/port.js';

/** How a wait ended: the outcome is known, the timeout passed, or the caller aborted. */
export type WaitEnd = 'settled' | 'timeout' | 'aborted';

/** `accepted`: Expo accepted (sent) or refused (failed) every delivery. `final`: every delivery final, or opened. */
export type WaitUntil = 'accepted' | 'final';

export interface WaitOptions {
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/** Polling covers outcomes applied by other processes sharing the database. */
const POLL_MS = 100;

interface WaitDeps {
  store: Store;
  engine: Engine | null;
  clock: Clock;
}

function reached(notification: NotificationWithDeliveries, until: WaitUntil): boolean {
  if (until === 'accepted') return isSettled(notification.deliveries);
  return notification.status === 'opened' || isFinal(notification.deliveries);
}

export async function waitForNotification(
  deps: WaitDeps,
  id: string,
  until: WaitUntil,
  options: WaitOptions,
): Promise<{ notification: NotificationWithDeliveries | null; end: WaitEnd }> {
  const deadline = deps.clock.now() + options.timeoutMs;
  for (;;) {
    const notification = await deps.store.getNotification(id);
    if (!notification || reached(notification, until)) return { notification, end: 'settled' };
    if (options.signal?.aborted) return { notification, end: 'aborted' };
    if (deps.clock.now() >= deadline) return { notification, end: 'timeout' };
    await nap(deps, deadline, options.signal, (ids) => ids.has(id));
  }
}

/** True while some notification of the batch is queued, sending or retrying. */
export function batchInProgress(statuses: Partial<Record<NotificationStatus, number>>): boolean {
  return IN_PROGRESS_DELIVERY_STATES.some((s) => (statuses[s] ?? 0) > 0);
}

export async function waitForBatch(
  deps: WaitDeps,
  id: string,
  options: WaitOptions,
): Promise<{ statuses: Partial<Record<NotificationStatus, number>>; end: WaitEnd }> {
  const deadline = deps.clock.now() + options.timeoutMs;
  for (;;) {
    const statuses = await deps.store.countBatchStatuses(id);
    if (!batchInProgress(statuses)) return { statuses, end: 'settled' };
    if (options.signal?.aborted) return { statuses, end: 'aborted' };
    if (deps.clock.now() >= deadline) return { statuses, end: 'timeout' };
    await nap(deps, deadline, options.signal, () => true);
  }
}

/** Sleeps up to POLL_MS (never past `deadline`), waking early on engine progress that `matters`, or abort. */
function nap(deps: WaitDeps, deadline: number, signal: AbortSignal | undefined, matters: (ids: ReadonlySet<string>) => boolean): Promise<void> {
  const { engine } = deps;
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      engine?.off('applied', onApplied);
      engine?.off('receiptRequest', finish);
      signal?.removeEventListener('abort', finish);
      resolve();
    };
    const onApplied = (ids: ReadonlySet<string>) => {
      if (matters(ids)) finish();
    };
    const timer = setTimeout(finish, Math.max(0, Math.min(POLL_MS, deadline - deps.clock.now())));
    engine?.on('applied', onApplied);
    engine?.on('receiptRequest', finish);
    signal?.addEventListener('abort', finish, { once: true });
  });
}
