/** startRequest with a send budget: a sliding window per project, shared by every store on one database. */
import { describe, expect, it } from 'vitest';
import type { SendBudget } from '../../../src/domain/budget.js';
import type { Store } from '../../../src/store/port.js';
import type { ManualClock } from '../../support/clock.js';
import { type ConformanceContext, claimAll, deliveriesOf, devicesFor, queue, recover, requestFailed, T0 } from './context.js';

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

type Ask = (project: string, wanted: number, limit: number, now: number, windowMs?: number) => Promise<SendBudget>;

/**
 * Budget asks as the dispatcher makes them: startRequest on deliveries a claim holds, at `now` on
 * the stores' clock; what is started is spent, the rest stays held for the next ask. `stores`
 * share one database (and one pool of claimed deliveries).
 */
async function budgetAsker(stores: Store[], clock: ManualClock, pool: number): Promise<Ask> {
  const [first] = stores;
  await first!.recordTokens([{ userId: 'budget', token: 'ExponentPushToken[budget]' }], T0);
  await first!.enqueueNotifications(
    Array.from({ length: pool }, (_, i) => ({ id: `ntf_b${String(i).padStart(6, '0')}`, userId: 'budget', content: { title: 'b' } })),
    T0,
  );
  const held = (await first!.claimDueDeliveries({ owner: 'w', now: T0, leaseMs: 1e12, limit: pool })).map((c) => c.id);
  let turn = 0;
  return async (project, wanted, limit, now, windowMs = 1000) => {
    if (held.length < wanted) throw new Error('the asker ran out of held deliveries: raise its pool');
    const store = stores[turn++ % stores.length]!;
    clock.set(now);
    const ids = held.slice(0, wanted);
    const { started, waitMs } = await store.startRequest({ deliveryIds: ids, owner: 'w', leaseMs: 1e12, budget: { project, limit, windowMs } });
    const spent = new Set(started);
    held.splice(0, held.length, ...held.filter((id) => !spent.has(id)));
    return { granted: started.length, waitMs };
  };
}

export function budgetConformance({ fresh, pair, clock }: ConformanceContext): void {
  describe('startRequest with a send budget', () => {
    it('grants up to the limit per 1000 ms window, per project, and says how long to wait', async () => {
      const ask = await budgetAsker([await fresh()], clock, 600);
      expect(await ask('p', 40, 100, T0)).toEqual({ granted: 40, waitMs: 0 });
      expect(await ask('p', 40, 100, T0 + 100)).toEqual({ granted: 40, waitMs: 0 });
      expect(await ask('p', 40, 100, T0 + 200)).toEqual({ granted: 20, waitMs: 0 });
      expect(await ask('p', 5, 100, T0 + 300)).toEqual({ granted: 0, waitMs: 700 });
      expect(await ask('other', 200, 100, T0 + 300)).toEqual({ granted: 100, waitMs: 0 });
      expect(await ask('p', 5, 100, T0 + 999)).toEqual({ granted: 0, waitMs: 1 });
      // the grant made at T0 has left the window (T0, T0 + 1000]
      expect(await ask('p', 50, 100, T0 + 1000)).toEqual({ granted: 40, waitMs: 0 });
      expect(await ask('p', 10, 100, T0 + 1050)).toEqual({ granted: 0, waitMs: 50 });
      expect((await ask('p', 0, 100, T0 + 5000)).granted).toBe(0);
    });

    it('measures over a longer window when asked', async () => {
      const ask = await budgetAsker([await fresh()], clock, 100);
      expect(await ask('w', 10, 10, T0, 1020)).toEqual({ granted: 10, waitMs: 0 });
      expect(await ask('w', 10, 10, T0 + 1000, 1020)).toEqual({ granted: 0, waitMs: 20 });
      expect(await ask('w', 10, 10, T0 + 1020, 1020)).toEqual({ granted: 10, waitMs: 0 });
    });

    it('keeps every grant of a window longer than ten seconds (one rule on every store)', async () => {
      const ask = await budgetAsker([await fresh()], clock, 100);
      expect(await ask('long', 10, 10, T0, 20_000)).toEqual({ granted: 10, waitMs: 0 });
      // 15 s later the T0 grant is still in its 20 s window: nothing more (PostgreSQL once pruned it after 10 s)
      expect(await ask('long', 10, 10, T0 + 15_000, 20_000)).toEqual({ granted: 0, waitMs: 5_000 });
      expect(await ask('long', 10, 10, T0 + 19_999, 20_000)).toEqual({ granted: 0, waitMs: 1 });
      expect(await ask('long', 10, 10, T0 + 20_000, 20_000)).toEqual({ granted: 10, waitMs: 0 });
    });

    it('never grants more than the limit in any 1000 ms window, and waiting waitMs is enough', async () => {
      const ask = await budgetAsker([await fresh()], clock, 4_000);
      const next = random(42);
      const limit = 100;
      const grants: { at: number; n: number }[] = [];
      let now = T0;
      for (let i = 0; i < 200; i++) {
        const budget = await ask('p', 1 + Math.floor(next() * 30), limit, now);
        if (budget.granted > 0) {
          expect(budget.granted).toBeLessThanOrEqual(30);
          grants.push({ at: now, n: budget.granted });
          now += Math.floor(next() * 40);
        } else {
          expect(budget.waitMs).toBeGreaterThanOrEqual(1);
          expect(budget.waitMs).toBeLessThanOrEqual(1000);
          now += budget.waitMs;
          expect((await ask('p', 1, limit, now)).granted).toBe(1);
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

    it('takes budget only for what the claim still holds, starts it, and keeps the rest leased', async () => {
      const store = await fresh();
      await devicesFor(store, 'u', 5);
      const id = await queue(store, 'sr', 'u', T0);
      const ids = (await claimAll(store, T0, 'w1', 1000)).map((c) => c.id);
      const budget = { project: 'p', limit: 2, windowMs: 1000 };
      const start = async (deliveryIds: string[], owner: string, now: number, leaseMs: number, withBudget = true) => {
        clock.set(now);
        const { grant: _grant, ...result } = await store.startRequest({ deliveryIds, owner, leaseMs, budget: withBudget ? budget : null });
        return result;
      };
      expect(await start([], 'w1', T0, 5000)).toEqual({ started: [], lost: [], waitMs: 0 });
      await store.releaseDeliveries([ids[4]!], requestFailed(T0 + 99_999, 'x', 'x'), T0);

      // no budget: everything `w1` still holds is started; the released one is lost
      expect(await start(ids.slice(3), 'w1', T0 + 1, 4999, false)).toEqual({ started: [ids[3]], lost: [ids[4]], waitMs: 0 });
      expect(await start([ids[0]!], 'w2', T0 + 1, 4999, false)).toEqual({ started: [], lost: [ids[0]], waitMs: 0 });
      // lost ids take no budget: of [lost, 0, 1, 2] with 2 per second, 0 and 1 start
      expect(await start([ids[4]!, ...ids.slice(0, 3)], 'w1', T0 + 2, 4998)).toEqual({ started: [ids[0], ids[1]], lost: [ids[4]], waitMs: 0 });
      // the budget is spent: nothing starts, the one still held waits and keeps its lease
      expect(await start([ids[2]!], 'w1', T0 + 3, 5997)).toEqual({ started: [], lost: [], waitMs: 999 });
      expect((await deliveriesOf(store, id)).map((d) => d.attempts)).toEqual([1, 1, 0, 1, 0]);
      // the waiting one's lease was extended to T0 + 6000: nothing to recover before that
      expect(await recover(store, T0 + 2000)).toEqual({ requeued: 0, maybeDelivered: 0 });
      expect(await recover(store, T0 + 5500)).toEqual({ requeued: 0, maybeDelivered: 3 });
      expect(await recover(store, T0 + 6500)).toEqual({ requeued: 1, maybeDelivered: 0 });
      expect((await deliveriesOf(store, id)).map((d) => d.state)).toEqual(['maybe_delivered', 'maybe_delivered', 'queued', 'maybe_delivered', 'retrying']);
    });

    it('counts a grant from when its request was written, once confirmSend says so', async () => {
      const store = await fresh();
      await devicesFor(store, 'c', 1);
      for (const label of ['c1', 'c2']) await queue(store, label, 'c', T0);
      const [first, second] = await claimAll(store, T0);
      const budget = { project: 'cs', limit: 1, windowMs: 1000 };
      clock.set(T0);
      const granted = await store.startRequest({ deliveryIds: [first!.id], owner: 'w1', leaseMs: 60_000, budget });
      expect(granted.started).toEqual([first!.id]);
      expect(granted.grant).toEqual(expect.any(String));
      // the process was busy: the request left 300 ms after the grant
      await store.confirmSend(granted.grant!, T0 + 300);
      clock.set(T0 + 1000);
      const next = await store.startRequest({ deliveryIds: [second!.id], owner: 'w1', leaseMs: 60_000, budget });
      expect(next).toMatchObject({ started: [], waitMs: 300 });
      // never moved earlier
      await store.confirmSend(granted.grant!, T0 + 100);
      clock.set(T0 + 1300);
      expect((await store.startRequest({ deliveryIds: [second!.id], owner: 'w1', leaseMs: 60_000, budget })).started).toEqual([second!.id]);
      // without a budget there is no grant
      expect((await store.startRequest({ deliveryIds: [], owner: 'w1', leaseMs: 60_000, budget: null })).grant ?? null).toBeNull();
    });

    it.skipIf(!pair)('is shared by two stores on one database', async () => {
      const [a, b] = await pair!();
      const ask = await budgetAsker([a, b], clock, 400);
      expect((await ask('shared', 70, 100, T0)).granted).toBe(70);
      expect(await ask('shared', 70, 100, T0 + 10)).toEqual({ granted: 30, waitMs: 0 });
      expect(await ask('shared', 1, 100, T0 + 20)).toEqual({ granted: 0, waitMs: 980 });

      // ten claims asking at once, through both stores: together they get the limit, no more
      await a.recordTokens([{ userId: 'race', token: 'ExponentPushToken[race]' }], T0);
      await a.enqueueNotifications(
        Array.from({ length: 150 }, (_, i) => ({ id: `ntf_r${String(i).padStart(4, '0')}`, userId: 'race', content: {} })),
        T0,
      );
      const claims = [];
      for (let i = 0; i < 10; i++) claims.push((await a.claimDueDeliveries({ owner: `o${i}`, now: T0, leaseMs: 60_000, limit: 15 })).map((c) => c.id));
      clock.set(T0 + 5_000);
      const results = await Promise.all(
        claims.map((ids, i) =>
          (i % 2 ? a : b).startRequest({ deliveryIds: ids, owner: `o${i}`, leaseMs: 60_000, budget: { project: 's2', limit: 100, windowMs: 1000 } }),
        ),
      );
      expect(results.reduce((sum, r) => sum + r.started.length, 0)).toBe(100);
    });
  });
}
