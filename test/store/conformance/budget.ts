/** reserveSendBudget: a sliding window per project. */
import { describe, expect, it } from 'vitest';
import { type ConformanceContext, claimAll, deliveriesOf, devicesFor, queue, T0 } from './context.js';

/** A small deterministic PRNG (mulberry32), so a failing sequence can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function budgetConformance({ fresh, pair }: ConformanceContext): void {
  describe('reserveSendBudget', () => {
    it('grants up to the limit per 1000 ms window, per project, and says how long to wait', async () => {
      const store = await fresh();
      expect(await store.reserveSendBudget('p', 40, 100, T0)).toEqual({ granted: 40, waitMs: 0 });
      expect(await store.reserveSendBudget('p', 40, 100, T0 + 100)).toEqual({ granted: 40, waitMs: 0 });
      expect(await store.reserveSendBudget('p', 40, 100, T0 + 200)).toEqual({ granted: 20, waitMs: 0 });
      expect(await store.reserveSendBudget('p', 5, 100, T0 + 300)).toEqual({ granted: 0, waitMs: 700 });
      expect(await store.reserveSendBudget('other', 500, 100, T0 + 300)).toEqual({ granted: 100, waitMs: 0 });
      expect(await store.reserveSendBudget('p', 5, 100, T0 + 999)).toEqual({ granted: 0, waitMs: 1 });
      // the grant made at T0 has left the window (T0, T0 + 1000]
      expect(await store.reserveSendBudget('p', 50, 100, T0 + 1000)).toEqual({ granted: 40, waitMs: 0 });
      expect(await store.reserveSendBudget('p', 10, 100, T0 + 1050)).toEqual({ granted: 0, waitMs: 50 });
      expect((await store.reserveSendBudget('p', 0, 100, T0 + 5000)).granted).toBe(0);
    });

    it('measures over a longer window when asked', async () => {
      const store = await fresh();
      expect(await store.reserveSendBudget('w', 10, 10, T0, 1020)).toEqual({ granted: 10, waitMs: 0 });
      expect(await store.reserveSendBudget('w', 10, 10, T0 + 1000, 1020)).toEqual({ granted: 0, waitMs: 20 });
      expect(await store.reserveSendBudget('w', 10, 10, T0 + 1020, 1020)).toEqual({ granted: 10, waitMs: 0 });
    });

    it('never grants more than the limit in any 1000 ms window, and waiting waitMs is enough', async () => {
      const store = await fresh();
      const next = random(42);
      const limit = 100;
      const grants: { at: number; n: number }[] = [];
      let now = T0;
      for (let i = 0; i < 300; i++) {
        const budget = await store.reserveSendBudget('p', 1 + Math.floor(next() * 30), limit, now);
        if (budget.granted > 0) {
          expect(budget.granted).toBeLessThanOrEqual(30);
          grants.push({ at: now, n: budget.granted });
          now += Math.floor(next() * 40);
        } else {
          expect(budget.waitMs).toBeGreaterThanOrEqual(1);
          expect(budget.waitMs).toBeLessThanOrEqual(1000);
          now += budget.waitMs;
          expect((await store.reserveSendBudget('p', 1, limit, now)).granted).toBe(1);
          grants.push({ at: now, n: 1 });
        }
      }
      for (const g of grants) {
        const inWindow = grants.filter((h) => h.at > g.at - 1000 && h.at <= g.at).reduce((sum, h) => sum + h.n, 0);
        expect(inWindow).toBeLessThanOrEqual(limit);
      }
      // and the budget is used: over the run, close to `limit` per second
      const seconds = (now - T0) / 1000;
      expect(grants.reduce((sum, g) => sum + g.n, 0)).toBeGreaterThan(limit * seconds * 0.8);
    });

    it('startRequest takes budget only for what the claim still holds, starts it, and keeps the rest leased', async () => {
      const store = await fresh();
      await devicesFor(store, 'u', 5);
      const id = await queue(store, 'sr', 'u', T0);
      const ids = (await claimAll(store, T0, 'w1', 1000)).map((c) => c.id);
      const budget = { project: 'p', limitPerSecond: 2, windowMs: 1000 };
      expect(await store.startRequest({ deliveryIds: [], owner: 'w1', now: T0, leaseExpiresAt: T0 + 5000, budget })).toEqual({
        started: [],
        lost: [],
        waitMs: 0,
      });
      await store.releaseDeliveries([ids[4]!], { nextAttemptAt: T0 + 99_999, code: 'x', message: 'x' }, T0);

      // no budget: everything `w1` still holds is started; the released one is lost
      expect(await store.startRequest({ deliveryIds: ids.slice(3), owner: 'w1', now: T0 + 1, leaseExpiresAt: T0 + 5000, budget: null })).toEqual({
        started: [ids[3]],
        lost: [ids[4]],
        waitMs: 0,
      });
      expect(await store.startRequest({ deliveryIds: [ids[0]!], owner: 'w2', now: T0 + 1, leaseExpiresAt: T0 + 5000, budget: null })).toEqual({
        started: [],
        lost: [ids[0]],
        waitMs: 0,
      });
      // lost ids take no budget: of [lost, 0, 1, 2] with 2 per second, 0 and 1 start
      const first = await store.startRequest({ deliveryIds: [ids[4]!, ...ids.slice(0, 3)], owner: 'w1', now: T0 + 2, leaseExpiresAt: T0 + 5000, budget });
      expect(first).toEqual({ started: [ids[0], ids[1]], lost: [ids[4]], waitMs: 0 });
      // the budget is spent: nothing starts, the one still held waits and keeps its lease
      expect(await store.startRequest({ deliveryIds: [ids[2]!], owner: 'w1', now: T0 + 3, leaseExpiresAt: T0 + 6000, budget })).toEqual({
        started: [],
        lost: [],
        waitMs: 999,
      });
      expect((await store.reserveSendBudget('p', 1, 2, T0 + 4)).granted).toBe(0); // one ledger
      expect((await deliveriesOf(store, id)).map((d) => d.attempts)).toEqual([1, 1, 0, 1, 0]);
      // the waiting one's lease was extended to T0 + 6000: nothing to recover before that
      expect(await store.recoverExpiredLeases(T0 + 2000)).toEqual({ requeued: 0, maybeDelivered: 0 });
      expect(await store.recoverExpiredLeases(T0 + 5500)).toEqual({ requeued: 0, maybeDelivered: 3 });
      expect(await store.recoverExpiredLeases(T0 + 6500)).toEqual({ requeued: 1, maybeDelivered: 0 });
      expect((await deliveriesOf(store, id)).map((d) => d.state)).toEqual(['maybe_delivered', 'maybe_delivered', 'queued', 'maybe_delivered', 'retrying']);
    });

    it.skipIf(!pair)('is shared by two stores on one database', async () => {
      const [a, b] = await pair!();
      expect((await a.reserveSendBudget('shared', 70, 100, T0)).granted).toBe(70);
      expect(await b.reserveSendBudget('shared', 70, 100, T0 + 10)).toEqual({ granted: 30, waitMs: 0 });
      expect(await a.reserveSendBudget('shared', 1, 100, T0 + 20)).toEqual({ granted: 0, waitMs: 980 });
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).reserveSendBudget('s2', 15, 100, T0 + 1)));
      expect(results.reduce((sum, r) => sum + r.granted, 0)).toBe(100);
    });
  });
}
