/** A notification's status derived from its deliveries: the precedence of domain/states.ts. */
import { describe, expect, it } from 'vitest';
import {
  type ConformanceContext,
  claimAll,
  devicesFor,
  queue,
  receiptDelivered,
  receiptFailed,
  receiptMissing,
  refused,
  requestFailed,
  sent,
  startAt,
  statusOf,
  T0,
  tok,
  unknownOutcome,
} from './context.js';

export function statusConformance({ fresh, clock }: ConformanceContext): void {
  describe('notification status', () => {
    it('follows sending > retrying > queued, then delivered > sent; sentAt is the first acceptance', async () => {
      const store = await fresh();
      await devicesFor(store, 'm', 3);
      const id = await queue(store, 'st', 'm', T0 + 10);
      const claimOne = async (now: number) => {
        const [one] = await store.claimDueDeliveries({ owner: 'w', now, leaseMs: 60_000, limit: 1 });
        return one!.id;
      };
      expect(await statusOf(store, id)).toBe('queued');
      const d1 = await claimOne(T0 + 10);
      expect(await statusOf(store, id)).toBe('sending'); // sending, queued, queued
      await store.applyTickets([sent(d1, 'tk1', T0 + 100)], T0 + 11);
      expect(await store.getNotification(id)).toMatchObject({ status: 'queued', sentAt: T0 + 11 }); // sent, queued, queued
      const d2 = await claimOne(T0 + 12);
      await store.releaseDeliveries([d2], requestFailed(T0 + 1000, 'HTTP_503', 'x'), T0 + 12);
      expect(await statusOf(store, id)).toBe('retrying'); // sent, retrying, queued
      const d3 = await claimOne(T0 + 13);
      expect(await statusOf(store, id)).toBe('sending'); // sent, retrying, sending
      await store.applyTickets([refused(d3, 'MessageTooBig', 'x')], T0 + 14);
      expect(await statusOf(store, id)).toBe('retrying'); // sent, retrying, failed
      expect(await claimOne(T0 + 1000)).toBe(d2);
      expect(await statusOf(store, id)).toBe('sending');
      await store.applyTickets([sent(d2, 'tk2', T0 + 100)], T0 + 1001);
      expect(await store.getNotification(id)).toMatchObject({ status: 'sent', sentAt: T0 + 11 }); // sent, sent, failed
      expect(await store.claimDueReceipts({ now: T0 + 2000, leaseMs: 1000, limit: 10 })).toHaveLength(2);
      await store.applyReceipts([receiptDelivered(d2)], T0 + 2001);
      expect(await statusOf(store, id)).toBe('delivered'); // sent, delivered, failed
      await store.applyReceipts([receiptMissing(d1)], T0 + 2002);
      expect(await store.getNotification(id)).toMatchObject({ status: 'delivered', sentAt: T0 + 11, updatedAt: T0 + 2002 });
    });

    it('derives the right status when answers for one notification are applied concurrently', async () => {
      // Two devices of one notification may go out in different Expo requests whose answers
      // are applied at the same moment; the second to commit must see the first.
      const store = await fresh();
      const users = 120;
      const ids: string[] = [];
      for (let u = 0; u < users; u++) {
        await store.recordTokens([{ userId: `cc${u}`, token: tok(`cc${u}-a`) }], T0);
        await store.recordTokens([{ userId: `cc${u}`, token: tok(`cc${u}-b`) }], T0 + 1);
      }
      for (let u = 0; u < users; u++) ids.push(await queue(store, `cc${String(u).padStart(3, '0')}`, `cc${u}`, T0 + 2));
      const claimed = await claimAll(store, T0 + 2);
      expect(claimed).toHaveLength(users * 2);
      const ok = (deliveryId: string) => sent(deliveryId, `tk-${deliveryId}`, T0 + 100);
      const byNotification = new Map<string, string[]>();
      for (const d of claimed) byNotification.set(d.notificationId, [...(byNotification.get(d.notificationId) ?? []), d.id]);
      const calls = [...byNotification.values()].flatMap((pair) => pair.map((deliveryId) => () => store.applyTickets([ok(deliveryId)], T0 + 3)));
      await Promise.all(calls.map((call) => call()));
      const statuses = await Promise.all(ids.map((id) => statusOf(store, id)));
      expect(statuses.filter((status) => status !== 'sent')).toEqual([]);
    });

    it('ranks sent > maybe_delivered > failed, and canceled only when every delivery is', async () => {
      const store = await fresh();
      await devicesFor(store, 'k', 3);
      const k = await queue(store, 'sk', 'k', T0);
      const [k1, k2, k3] = await claimAll(store, T0);
      await startAt(store, clock, [k1!.id, k2!.id, k3!.id], 'w1', T0, 60_000);
      await store.releaseDeliveries([k1!.id], unknownOutcome('Timeout', 'x'), T0 + 1);
      expect(await statusOf(store, k)).toBe('sending');
      await store.applyTickets([refused(k2!.id, 'InvalidCredentials', 'x'), sent(k3!.id, 'tk3', T0 + 10)], T0 + 2);
      expect(await statusOf(store, k)).toBe('sent'); // maybe_delivered, failed, sent
      await store.claimDueReceipts({ now: T0 + 10, leaseMs: 1000, limit: 10 });
      await store.applyReceipts([receiptFailed(k3!.id, 'MismatchSenderId', 'x')], T0 + 3);
      expect(await statusOf(store, k)).toBe('maybe_delivered'); // maybe_delivered, failed, failed

      await devicesFor(store, 'c', 2);
      const c = await queue(store, 'sc', 'c', T0 + 20);
      const [c1] = await store.claimDueDeliveries({ owner: 'w', now: T0 + 20, leaseMs: 60_000, limit: 1 });
      await store.applyTickets([refused(c1!.id, 'MessageRateExceeded', 'x')], T0 + 21);
      expect(await statusOf(store, c)).toBe('queued'); // failed, queued
      await store.cancelPending(c, T0 + 22);
      expect(await statusOf(store, c)).toBe('failed'); // failed, canceled

      const all = await queue(store, 'sa', 'c', T0 + 30);
      await store.cancelPending(all, T0 + 31);
      expect(await statusOf(store, all)).toBe('canceled');
    });
  });
}
