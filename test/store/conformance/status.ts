/** A notification's status derived from its deliveries: the precedence of core/types.ts. */
import { describe, expect, it } from 'vitest';
import { type ConformanceContext, claimAll, devicesFor, queue, statusOf, T0, tok } from './context.js';

export function statusConformance({ fresh }: ConformanceContext): void {
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
      await store.applyTickets([{ deliveryId: d1, kind: 'ok', ticketId: 'tk1', receiptDueAt: T0 + 100 }], T0 + 11);
      expect(await store.getNotification(id)).toMatchObject({ status: 'queued', sentAt: T0 + 11 }); // sent, queued, queued
      const d2 = await claimOne(T0 + 12);
      await store.releaseDeliveries([d2], { nextAttemptAt: T0 + 1000, code: 'HTTP_503', message: 'x' }, T0 + 12);
      expect(await statusOf(store, id)).toBe('retrying'); // sent, retrying, queued
      const d3 = await claimOne(T0 + 13);
      expect(await statusOf(store, id)).toBe('sending'); // sent, retrying, sending
      await store.applyTickets([{ deliveryId: d3, kind: 'error', code: 'MessageTooBig', message: 'x', deactivateDevice: false }], T0 + 14);
      expect(await statusOf(store, id)).toBe('retrying'); // sent, retrying, failed
      expect(await claimOne(T0 + 1000)).toBe(d2);
      expect(await statusOf(store, id)).toBe('sending');
      await store.applyTickets([{ deliveryId: d2, kind: 'ok', ticketId: 'tk2', receiptDueAt: T0 + 100 }], T0 + 1001);
      expect(await store.getNotification(id)).toMatchObject({ status: 'sent', sentAt: T0 + 11 }); // sent, sent, failed
      expect(await store.claimDueReceipts({ now: T0 + 2000, leaseMs: 1000, limit: 10 })).toHaveLength(2);
      await store.applyReceipts([{ deliveryId: d2, kind: 'delivered' }], T0 + 2001);
      expect(await statusOf(store, id)).toBe('delivered'); // sent, delivered, failed
      await store.applyReceipts([{ deliveryId: d1, kind: 'missing' }], T0 + 2002);
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
      const ok = (deliveryId: string) => ({ deliveryId, kind: 'ok' as const, ticketId: `tk-${deliveryId}`, receiptDueAt: T0 + 100 });
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
      await store.markRequestStarted([k1!.id, k2!.id, k3!.id], 'w1', T0, T0 + 60_000);
      await store.markMaybeDelivered([k1!.id], 'Timeout', 'x', T0 + 1);
      expect(await statusOf(store, k)).toBe('sending');
      await store.applyTickets(
        [
          { deliveryId: k2!.id, kind: 'error', code: 'InvalidCredentials', message: 'x', deactivateDevice: false },
          { deliveryId: k3!.id, kind: 'ok', ticketId: 'tk3', receiptDueAt: T0 + 10 },
        ],
        T0 + 2,
      );
      expect(await statusOf(store, k)).toBe('sent'); // maybe_delivered, failed, sent
      await store.claimDueReceipts({ now: T0 + 10, leaseMs: 1000, limit: 10 });
      await store.applyReceipts([{ deliveryId: k3!.id, kind: 'error', code: 'MismatchSenderId', message: 'x', deactivateDevice: false }], T0 + 3);
      expect(await statusOf(store, k)).toBe('maybe_delivered'); // maybe_delivered, failed, failed

      await devicesFor(store, 'c', 2);
      const c = await queue(store, 'sc', 'c', T0 + 20);
      const [c1] = await store.claimDueDeliveries({ owner: 'w', now: T0 + 20, leaseMs: 60_000, limit: 1 });
      await store.applyTickets([{ deliveryId: c1!.id, kind: 'exhausted', code: 'MessageRateExceeded', message: 'x' }], T0 + 21);
      expect(await statusOf(store, c)).toBe('queued'); // failed, queued
      await store.cancelPending(c, T0 + 22);
      expect(await statusOf(store, c)).toBe('failed'); // failed, canceled

      const all = await queue(store, 'sa', 'c', T0 + 30);
      await store.cancelPending(all, T0 + 31);
      expect(await statusOf(store, all)).toBe('canceled');
    });
  });
}
