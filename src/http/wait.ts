/**
 * `?wait=` on the send endpoints: hold the request until the notification (or every notification
 * of a batch) has an outcome, bounded by `timeout_ms`. Closing the server ends every wait at once
 * (the request is answered with the state as it then is), so shutdown never waits on a client.
 */
import type { Pushgate } from '../core/pushgate.js';
import { FINAL_DELIVERY_STATES, type NotificationStatus, type NotificationWithDeliveries } from '../core/types.js';
import { isSettled } from '../core/wait.js';
import { batchInProgress } from './present.js';

/** How the wait ended: the outcome is known, the timeout passed, or the server is closing. */
export type WaitEnd = 'settled' | 'timeout' | 'aborted';

const POLL_MS = 100;

function isFinal(n: NotificationWithDeliveries): boolean {
  return n.status === 'opened' || n.deliveries.every((d) => FINAL_DELIVERY_STATES.includes(d.state));
}

export class Waiters {
  private readonly controller = new AbortController();

  constructor(private readonly pushgate: Pushgate) {}

  /** Ends every wait now and refuses new ones (the server is closing). */
  abortAll(): void {
    this.controller.abort();
  }

  /**
   * `accepted`: until Expo accepted (sent) or refused (failed) every delivery, via
   * pushgate.waitForOutcome. `receipt`: until every delivery is final (delivered, failed,
   * maybe_delivered, canceled) or the notification was opened.
   */
  async notification(id: string, mode: 'accepted' | 'receipt', timeoutMs: number): Promise<{ notification: NotificationWithDeliveries | null; end: WaitEnd }> {
    const done = mode === 'accepted' ? isSettled : isFinal;
    if (mode === 'accepted' && !this.controller.signal.aborted) {
      const outcome = this.pushgate.waitForOutcome({ id, timeoutMs });
      // waitForOutcome may still be polling when the server closes; its late failure is moot.
      outcome.catch(() => {});
      const abort = this.aborted();
      try {
        await Promise.race([outcome, abort.promise]);
      } finally {
        abort.cancel();
      }
    } else {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const current = await this.pushgate.getNotification({ id });
        if (!current || done(current) || Date.now() >= deadline || this.controller.signal.aborted) break;
        await this.nap(deadline);
      }
    }
    const notification = await this.pushgate.getNotification({ id });
    const end: WaitEnd = !notification || done(notification) ? 'settled' : this.controller.signal.aborted ? 'aborted' : 'timeout';
    return { notification, end };
  }

  /** Until no notification of the batch is queued, sending or retrying. */
  async batch(id: string, timeoutMs: number): Promise<{ statuses: Partial<Record<NotificationStatus, number>>; end: WaitEnd }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const statuses = await this.pushgate.store.countBatchStatuses(id);
      if (!batchInProgress(statuses)) return { statuses, end: 'settled' };
      if (this.controller.signal.aborted) return { statuses, end: 'aborted' };
      if (Date.now() >= deadline) return { statuses, end: 'timeout' };
      await this.nap(deadline);
    }
  }

  /** Resolves when the server starts closing; `cancel` drops the listener. */
  private aborted(): { promise: Promise<void>; cancel: () => void } {
    const signal = this.controller.signal;
    let onAbort = () => {};
    const promise = new Promise<void>((resolve) => {
      onAbort = () => resolve();
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    return { promise, cancel: () => signal.removeEventListener('abort', onAbort) };
  }

  /** Sleeps up to POLL_MS (never past `deadline`), waking early on engine progress or abort. */
  private nap(deadline: number): Promise<void> {
    const engine = this.pushgate.engine;
    const signal = this.controller.signal;
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        engine?.off('applied', finish);
        engine?.off('receiptRequest', finish);
        signal.removeEventListener('abort', finish);
        resolve();
      };
      const timer = setTimeout(finish, Math.max(0, Math.min(POLL_MS, deadline - Date.now())));
      engine?.on('applied', finish);
      engine?.on('receiptRequest', finish);
      signal.addEventListener('abort', finish, { once: true });
    });
  }
}
