/** purgeFinished and stats. */
import { describe, expect, it } from 'vitest';
import { DELIVERY_STATES } from '../../../src/domain/states.js';
import { type ConformanceContext, claimAll, devicesFor, queue, receiptDelivered, refused, requestFailed, retryTicket, sent, startAt, T0 } from './context.js';

export function housekeepingConformance({ fresh, clock }: ConformanceContext): void {
  describe('purgeFinished', () => {
    it('deletes finished notifications older than `before`, up to the limit, and keeps everything unfinished', async () => {
      const store = await fresh();
      const users = ['delivered', 'failed', 'canceled', 'openedDone', 'openedSent', 'sent', 'retrying', 'sending', 'late'];
      for (const u of [...users, 'queued']) await devicesFor(store, u, 1);
      const id: Record<string, string> = {};
      for (const u of users) id[u] = await queue(store, u, u, T0);
      const claimed = await claimAll(store, T0);
      id.queued = await queue(store, 'queued', 'queued', T0 + 1, { sendAt: T0 + 10_000_000 });
      const of = (u: string) => claimed.find((c) => c.notificationId === id[u])!.id;
      await startAt(
        store,
        clock,
        claimed.map((c) => c.id),
        'w1',
        T0,
        60_000,
      );
      await store.applyTickets(
        [
          sent(of('delivered'), 't1', T0 + 10),
          sent(of('openedDone'), 't2', T0 + 10),
          sent(of('openedSent'), 't3', T0 + 10_000_000),
          sent(of('sent'), 't4', T0 + 10_000_000),
          sent(of('late'), 't5', T0 + 10_000_000),
          refused(of('failed'), 'MessageTooBig', 'x'),
          retryTicket(of('retrying'), 'MessageRateExceeded', 'x', T0 + 10_000_000),
        ],
        T0 + 1,
      );
      await store.releaseDeliveries([of('canceled')], requestFailed(T0 + 10_000_000, 'x', 'x'), T0 + 1);
      await store.cancelPending(id.canceled!, T0 + 2);
      await store.claimDueReceipts({ now: T0 + 10, leaseMs: 1000, limit: 10 });
      await store.applyReceipts([receiptDelivered(of('delivered')), receiptDelivered(of('openedDone'))], T0 + 20);
      await store.markOpened(id.openedDone!, T0 + 30, T0 + 30);
      await store.markOpened(id.openedSent!, T0 + 30, T0 + 30);
      await store.claimDueReceipts({ now: T0 + 10_000_000, leaseMs: 1000, limit: 10 });
      await store.applyReceipts([receiptDelivered(of('late'))], T0 + 500_000);

      expect(await store.purgeFinished(T0, 100)).toBe(0);
      expect(await store.purgeFinished(T0 + 400_000, 0)).toBe(0);
      expect(await store.purgeFinished(T0 + 400_000, 3)).toBe(3);
      expect(await store.purgeFinished(T0 + 400_000, 100)).toBe(1);
      expect(await store.purgeFinished(T0 + 400_000, 100)).toBe(0);
      for (const u of ['delivered', 'failed', 'canceled', 'openedDone']) expect(await store.getNotification(id[u]!)).toBeNull();
      for (const u of ['openedSent', 'sent', 'queued', 'retrying', 'sending', 'late']) expect(await store.getNotification(id[u]!)).not.toBeNull();
      expect(await store.purgeFinished(T0 + 10_000_000, 100)).toBe(1); // `late`, finished at T0 + 500 s
      expect(await store.getNotification(id.late!)).toBeNull();
      const stats = await store.stats(T0 + 10_000_000);
      expect(Object.values(stats.deliveriesByState).reduce((a, b) => a + b, 0)).toBe(5);
    });
  });

  describe('stats', () => {
    it('counts deliveries by every state, notifications by status, and the oldest due delivery', async () => {
      const store = await fresh();
      const empty = await store.stats(T0);
      expect(Object.keys(empty.deliveriesByState).sort()).toEqual([...DELIVERY_STATES].sort());
      expect(Object.values(empty.deliveriesByState).every((n) => n === 0)).toBe(true);
      expect(empty.notificationsByStatus).toEqual({});
      expect(empty.oldestDueAt).toBeNull();

      await devicesFor(store, 'u', 2);
      await queue(store, 'future', 'u', T0, { sendAt: T0 + 10_000 });
      await queue(store, 'a', 'u', T0 + 5);
      await queue(store, 'b', 'u', T0 + 7);
      const [first] = await store.claimDueDeliveries({ owner: 'w', now: T0 + 7, leaseMs: 60_000, limit: 1 });
      await store.releaseDeliveries([first!.id], requestFailed(T0 + 50, 'x', 'x'), T0 + 8);
      const [second] = await store.claimDueDeliveries({ owner: 'w', now: T0 + 8, leaseMs: 60_000, limit: 1 });
      await store.applyTickets([sent(second!.id, 'tk', T0 + 1000)], T0 + 9);

      const stats = await store.stats(T0 + 100);
      expect(stats.deliveriesByState).toEqual({
        queued: 4,
        sending: 0,
        retrying: 1,
        sent: 1,
        delivered: 0,
        failed: 0,
        maybe_delivered: 0,
        canceled: 0,
      });
      expect(stats.notificationsByStatus).toEqual({ queued: 2, retrying: 1 });
      expect(stats.oldestDueAt).toBe(T0 + 5); // `future` is older but not due yet
      expect((await store.stats(T0 + 10_000)).oldestDueAt).toBe(T0);
      expect((await store.stats(T0 + 7)).oldestDueAt).toBe(T0 + 7); // the retrying one is due at T0 + 50 only
    });
  });
}
