/** claimDueReceipts, applyReceipts, nextReceiptDueAt. */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/port.js';
import type { ManualClock } from '../../support/clock.js';
import {
  type ConformanceContext,
  claimAll,
  deliveriesOf,
  deviceOf,
  devicesFor,
  queue,
  receiptDelivered,
  receiptFailed,
  receiptMissing,
  receiptPending,
  sent,
  startAt,
  statusOf,
  T0,
} from './context.js';

/** `count` one-device users, each with one notification accepted by Expo at T0 + 10; returns the delivery ids. */
async function sentDeliveries(store: Store, clock: ManualClock, count: number, receiptDueAt: (i: number) => number): Promise<string[]> {
  const users = Array.from({ length: count }, (_, i) => `s${i}`);
  for (const u of users) await devicesFor(store, u, 1);
  for (const [i, u] of users.entries()) await queue(store, `sent${i}`, u, T0);
  const claimed = await claimAll(store, T0);
  await startAt(
    store,
    clock,
    claimed.map((c) => c.id),
    'w1',
    T0,
    60_000,
  );
  await store.applyTickets(
    claimed.map((c, i) => sent(c.id, `tk-${i}`, receiptDueAt(i))),
    T0 + 10,
  );
  return claimed.map((c) => c.id);
}

export function receiptsConformance({ fresh, pair, clock }: ConformanceContext): void {
  describe('receipts', () => {
    it('claims due receipts oldest first and pushes them out of reach for leaseMs', async () => {
      const store = await fresh();
      expect(await store.nextReceiptDueAt()).toBeNull();
      const due = [T0 + 100, T0 + 300, T0 + 200];
      const ids = await sentDeliveries(store, clock, 3, (i) => due[i]!);
      expect(await store.nextReceiptDueAt()).toBe(T0 + 100);
      expect(await store.claimDueReceipts({ now: T0 + 50, leaseMs: 1000, limit: 10 })).toEqual([]);
      expect(await store.claimDueReceipts({ now: T0 + 250, leaseMs: 1000, limit: 0 })).toEqual([]);
      const first = await store.claimDueReceipts({ now: T0 + 250, leaseMs: 1000, limit: 10 });
      expect(first).toEqual([
        { deliveryId: ids[0], ticketId: 'tk-0', token: (await deliveriesOf(store, 'ntf_sent0'))[0]!.token, sentAt: T0 + 10 },
        { deliveryId: ids[2], ticketId: 'tk-2', token: (await deliveriesOf(store, 'ntf_sent2'))[0]!.token, sentAt: T0 + 10 },
      ]);
      expect(await store.claimDueReceipts({ now: T0 + 250, leaseMs: 1000, limit: 10 })).toEqual([]);
      expect(await store.nextReceiptDueAt()).toBe(T0 + 300);
      expect((await store.claimDueReceipts({ now: T0 + 1300, leaseMs: 1000, limit: 1 })).map((r) => r.deliveryId)).toEqual([ids[1]]);
      expect((await store.claimDueReceipts({ now: T0 + 1300, leaseMs: 1000, limit: 10 })).map((r) => r.deliveryId)).toEqual([ids[0], ids[2]]);
    });

    it('applies delivered, error, pending and missing to deliveries still sent', async () => {
      const store = await fresh();
      const ids = await sentDeliveries(store, clock, 5, () => T0 + 100);
      await store.claimDueReceipts({ now: T0 + 100, leaseMs: 1000, limit: 10 });
      await store.applyReceipts(
        [
          receiptDelivered(ids[0]!),
          receiptFailed(ids[1]!, 'DeviceNotRegistered', 'gone', true),
          receiptPending(ids[2]!, T0 + 5000),
          receiptMissing(ids[3]!),
          receiptFailed(ids[4]!, 'MessageRateExceeded', 'x'),
          receiptDelivered('dlv_unknown'),
        ],
        T0 + 2000,
      );
      await store.applyReceipts([], T0 + 2000);
      const [delivered, failed, pending, missing, failedKeep] = await Promise.all(
        [0, 1, 2, 3, 4].map(async (i) => (await deliveriesOf(store, `ntf_sent${i}`))[0]!),
      );
      expect(delivered).toMatchObject({ state: 'delivered', completedAt: T0 + 2000, ticketId: 'tk-0', sentAt: T0 + 10 });
      expect(failed).toMatchObject({ state: 'failed', errorCode: 'DeviceNotRegistered', errorMessage: 'gone', completedAt: T0 + 2000 });
      expect(pending).toMatchObject({ state: 'sent', receiptDueAt: T0 + 5000, completedAt: null });
      expect(missing).toMatchObject({ state: 'maybe_delivered', errorCode: 'ReceiptMissing', completedAt: T0 + 2000 });
      expect(failedKeep).toMatchObject({ state: 'failed', errorCode: 'MessageRateExceeded' });
      expect(await deviceOf(store, 's1', failed!.token)).toMatchObject({ active: false, deactivationReason: 'DeviceNotRegistered' });
      expect((await deviceOf(store, 's4', failedKeep!.token))!.active).toBe(true);
      expect(await Promise.all([0, 1, 2, 3].map((i) => statusOf(store, `ntf_sent${i}`)))).toEqual(['delivered', 'failed', 'sent', 'maybe_delivered']);
      expect(await store.nextReceiptDueAt()).toBe(T0 + 5000);

      // a receipt for a delivery no longer `sent` changes nothing
      await store.applyReceipts([receiptFailed(ids[0]!, 'X', 'x', true)], T0 + 3000);
      expect((await deliveriesOf(store, 'ntf_sent0'))[0]!.state).toBe('delivered');
      expect((await deviceOf(store, 's0', delivered!.token))!.active).toBe(true);

      expect(await store.claimDueReceipts({ now: T0 + 4999, leaseMs: 1000, limit: 10 })).toEqual([]);
      expect((await store.claimDueReceipts({ now: T0 + 5000, leaseMs: 1000, limit: 10 })).map((r) => r.deliveryId)).toEqual([ids[2]]);
      await store.applyReceipts([receiptDelivered(ids[2]!)], T0 + 5001);
      expect(await store.nextReceiptDueAt()).toBeNull();
    });

    it.skipIf(!pair)('two stores on one database never claim the same receipt', async () => {
      const [a, b] = await pair!();
      await sentDeliveries(a, clock, 80, (i) => T0 + 100 + i);
      const drain = async (store: Store) => {
        const mine: string[] = [];
        for (;;) {
          const batch = await store.claimDueReceipts({ now: T0 + 1000, leaseMs: 60_000, limit: 9 });
          if (batch.length === 0) return mine;
          mine.push(...batch.map((r) => r.deliveryId));
        }
      };
      const [fromA, fromB] = await Promise.all([drain(a), drain(b)]);
      expect(fromA.length + fromB.length).toBe(80);
      expect(new Set([...fromA, ...fromB]).size).toBe(80);
    });
  });
}
