import type { Engine } from '../engine/engine.js';
import type { Store } from '../store/store.js';
import type { NotificationWithDeliveries } from './types.js';

const IN_PROGRESS = new Set(['queued', 'sending', 'retrying']);
/** Polling covers outcomes applied by other processes sharing the database. */
const POLL_MS = 200;

/** True once no delivery of the notification is queued, sending or retrying. */
export function isSettled(notification: NotificationWithDeliveries): boolean {
  return notification.deliveries.every((d) => !IN_PROGRESS.has(d.state));
}

/**
 * Waits until the notification is settled (Expo accepted or refused every delivery) or the
 * timeout passes; wakes on this process's engine events and polls for other processes' work.
 */
export async function waitForSettled(store: Store, engine: Engine | null, id: string, timeoutMs: number): Promise<NotificationWithDeliveries | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await store.getNotification(id);
    if (!current || isSettled(current) || Date.now() >= deadline) return current;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        engine?.off('applied', onApplied);
        resolve();
      };
      const onApplied = (ids: ReadonlySet<string>) => {
        if (ids.has(id)) done();
      };
      const timer = setTimeout(done, Math.min(POLL_MS, Math.max(0, deadline - Date.now())));
      engine?.on('applied', onApplied);
    });
  }
}
