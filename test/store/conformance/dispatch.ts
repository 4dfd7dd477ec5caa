/** claimDueDeliveries, startRequest (without budget), applyTickets, releaseDeliveries, recoverExpiredLeases, nextDueAt. */
import { describe, expect, it } from 'vitest';
import { leaseRecovery } from '../../../src/engine/outcomes.js';
import type { Store } from '../../../src/store/port.js';
import {
  type ConformanceContext,
  claimAll,
  deliveriesOf,
  deviceOf,
  devicesFor,
  queue,
  recover,
  refused,
  requestFailed,
  retryTicket,
  sent,
  startAt,
  statusOf,
  T0,
  unknownOutcome,
} from './context.js';

export function dispatchConformance({ fresh, pair, clock }: ConformanceContext): void {
  describe('claimDueDeliveries', () => {
    it('claims due deliveries oldest first, up to the limit, each once, with what a message needs', async () => {
      const store = await fresh();
      for (const u of ['u1', 'u2', 'u3']) await devicesFor(store, u, 1);
      expect(await store.nextDueAt()).toBeNull();
      const a = await queue(store, 'qa', 'u1', T0, { sendAt: T0 + 30 });
      const b = await queue(store, 'qb', 'u2', T0, { sendAt: T0 + 10 });
      const c = await queue(store, 'qc', 'u3', T0, { sendAt: T0 + 20 });
      const d = await queue(store, 'qd', 'u1', T0, { sendAt: T0 + 100 });
      expect(await store.nextDueAt()).toBe(T0 + 10);
      expect(await store.claimDueDeliveries({ owner: 'w1', now: T0 + 5, leaseMs: 1000, limit: 10 })).toEqual([]);
      expect(await store.claimDueDeliveries({ owner: 'w1', now: T0 + 50, leaseMs: 1000, limit: 0 })).toEqual([]);

      const first = await store.claimDueDeliveries({ owner: 'w1', now: T0 + 50, leaseMs: 1000, limit: 2 });
      expect(first.map((x) => x.notificationId)).toEqual([b, c]);
      const [delivery] = await deliveriesOf(store, b);
      expect(first[0]).toEqual({
        id: delivery!.id,
        notificationId: b,
        token: delivery!.token,
        project: null,
        attempts: 0,
        content: { title: 'title qb', body: 'body' },
      });
      expect(delivery).toMatchObject({ state: 'sending', updatedAt: T0 + 50 });
      expect(await statusOf(store, b)).toBe('sending');

      expect((await store.claimDueDeliveries({ owner: 'w2', now: T0 + 50, leaseMs: 1000, limit: 10 })).map((x) => x.notificationId)).toEqual([a]);
      expect(await store.claimDueDeliveries({ owner: 'w2', now: T0 + 50, leaseMs: 1000, limit: 10 })).toEqual([]);
      expect(await store.nextDueAt()).toBe(T0 + 100); // sending deliveries are not due
      expect((await claimAll(store, T0 + 100)).map((x) => x.notificationId)).toEqual([d]);
      expect(await store.nextDueAt()).toBeNull();
    });

    it('with startNow, the claim also marks the request started: attempts + 1, recovered as maybe_delivered', async () => {
      const store = await fresh();
      await devicesFor(store, 'u1', 2);
      const n = await queue(store, 'sn', 'u1', T0);
      const claimed = await store.claimDueDeliveries({ owner: 'w1', now: T0 + 1, leaseMs: 1000, limit: 10, startNow: true });
      expect(claimed).toHaveLength(2);
      expect(claimed.map((c) => c.attempts)).toEqual([0, 0]); // as before this request
      expect((await deliveriesOf(store, n)).map((d) => [d.state, d.attempts])).toEqual([
        ['sending', 1],
        ['sending', 1],
      ]);
      // the request may have left: a dead owner's rows are never resent
      expect(await recover(store, T0 + 2000)).toEqual({ requeued: 0, maybeDelivered: 2 });
      expect((await deliveriesOf(store, n)).map((d) => d.state)).toEqual(['maybe_delivered', 'maybe_delivered']);
    });

    it('claims the deliveries of one notification in device order, several notifications in queue order', async () => {
      const store = await fresh();
      const tokens = await devicesFor(store, 'u', 3);
      const n1 = await queue(store, 'o1', 'u', T0);
      const n2 = await queue(store, 'o2', 'u', T0);
      const claimed = await claimAll(store, T0);
      expect(claimed.map((x) => [x.notificationId, x.token])).toEqual([...tokens.map((t) => [n1, t]), ...tokens.map((t) => [n2, t])]);
    });

    it.skipIf(!pair)('two stores on one database never claim the same delivery', async () => {
      const [a, b] = await pair!();
      const users = Array.from({ length: 300 }, (_, i) => `c${String(i).padStart(3, '0')}`);
      await a.recordTokens(
        users.map((userId) => ({ userId, token: `ExponentPushToken[pair-${userId}]` })),
        T0,
      );
      const outcomes = await a.enqueueNotifications(
        users.map((userId, i) => ({ id: `ntf_pair${String(i).padStart(4, '0')}`, userId, content: { title: 'x' } })),
        T0,
      );
      expect(outcomes.every((o) => o.kind === 'queued')).toBe(true);
      const drain = async (store: Store, owner: string) => {
        const mine: string[] = [];
        for (;;) {
          const batch = await store.claimDueDeliveries({ owner, now: T0 + 1, leaseMs: 60_000, limit: 7 });
          if (batch.length === 0) return mine;
          mine.push(...batch.map((x) => x.id));
        }
      };
      // Both stores connected before the race, so neither drains it all while the other connects.
      await Promise.all([a.stats(T0), b.stats(T0)]);
      const [fromA, fromB] = await Promise.all([drain(a, 'a'), drain(b, 'b')]);
      const all = [...fromA, ...fromB];
      expect(all).toHaveLength(300);
      expect(new Set(all).size).toBe(300);
      expect(fromA.length).toBeGreaterThan(0);
      expect(fromB.length).toBeGreaterThan(0);
      expect((await b.stats(T0 + 1)).deliveriesByState.sending).toBe(300);
    });
  });

  describe('startRequest without a send budget', () => {
    it('counts an attempt and extends the lease only for deliveries the owner still holds', async () => {
      const store = await fresh();
      await devicesFor(store, 'u', 2);
      const id = await queue(store, 'm1', 'u', T0);
      const [d1, d2] = await store.claimDueDeliveries({ owner: 'w1', now: T0, leaseMs: 1000, limit: 10 });
      expect(await startAt(store, clock, [], 'w1', T0, 1000)).toEqual([]);
      expect(await startAt(store, clock, [d1!.id], 'w2', T0 + 1, 4999)).toEqual([]);
      expect((await deliveriesOf(store, id)).map((d) => d.attempts)).toEqual([0, 0]);
      expect(await startAt(store, clock, [d1!.id, d2!.id], 'w1', T0 + 2, 4998)).toEqual([d1!.id, d2!.id]);
      expect((await deliveriesOf(store, id)).map((d) => d.attempts)).toEqual([1, 1]);
      // the lease now runs to T0 + 5000: not expired at T0 + 2000
      expect(await recover(store, T0 + 2000)).toEqual({ requeued: 0, maybeDelivered: 0 });

      await store.releaseDeliveries([d1!.id], requestFailed(T0 + 10, 'HTTP_503', 'x', true), T0 + 3);
      expect((await deliveriesOf(store, id)).map((d) => d.attempts)).toEqual([0, 1]);
      expect(await startAt(store, clock, [d1!.id, d2!.id], 'w1', T0 + 4, 4996)).toEqual([d2!.id]);
      expect((await deliveriesOf(store, id)).map((d) => d.attempts)).toEqual([0, 2]);
    });
  });

  describe('applyTickets', () => {
    it('applies each kind of outcome in one call', async () => {
      const store = await fresh();
      const tokens = await devicesFor(store, 'u', 5);
      const id = await queue(store, 't1', 'u', T0);
      const claimed = await claimAll(store, T0);
      const ids = claimed.map((c) => c.id);
      await startAt(store, clock, ids, 'w1', T0 + 1, 59_999);
      await store.applyTickets(
        [
          sent(ids[0]!, 'tk-0', T0 + 900_000),
          refused(ids[1]!, 'DeviceNotRegistered', 'gone', true),
          retryTicket(ids[2]!, 'MessageRateExceeded', 'slow down', T0 + 60_000),
          refused(ids[3]!, 'MessageRateExceeded', 'gave up'),
          refused(ids[4]!, 'MessageTooBig', 'too big'),
          sent('dlv_unknown', 'tk-x', T0),
        ],
        T0 + 100,
      );
      const [ok, gone, retry, exhausted, tooBig] = await deliveriesOf(store, id);
      expect(ok).toMatchObject({
        state: 'sent',
        ticketId: 'tk-0',
        receiptDueAt: T0 + 900_000,
        sentAt: T0 + 100,
        attempts: 1,
        errorCode: null,
        completedAt: null,
        updatedAt: T0 + 100,
      });
      expect(gone).toMatchObject({ state: 'failed', errorCode: 'DeviceNotRegistered', errorMessage: 'gone', completedAt: T0 + 100, ticketId: null });
      expect(retry).toMatchObject({ state: 'retrying', errorCode: 'MessageRateExceeded', nextAttemptAt: T0 + 60_000, completedAt: null });
      expect(exhausted).toMatchObject({ state: 'failed', errorCode: 'MessageRateExceeded', errorMessage: 'gave up', completedAt: T0 + 100 });
      expect(tooBig).toMatchObject({ state: 'failed', errorCode: 'MessageTooBig', completedAt: T0 + 100 });
      expect(await deviceOf(store, 'u', tokens[1]!)).toMatchObject({ active: false, deactivationReason: 'DeviceNotRegistered' });
      expect((await deviceOf(store, 'u', tokens[4]!))!.active).toBe(true);
      expect(await store.getNotification(id)).toMatchObject({ status: 'retrying', sentAt: T0 + 100 });

      expect(await claimAll(store, T0 + 59_999)).toEqual([]);
      const [again] = await claimAll(store, T0 + 60_000);
      expect(again).toMatchObject({ id: ids[2], attempts: 1 });
      await store.applyTickets([], T0 + 60_001);
    });

    it('ignores answers for deliveries no longer sending (a late answer never overwrites)', async () => {
      const store = await fresh();
      await devicesFor(store, 'u', 1);
      const id = await queue(store, 'l1', 'u', T0);
      const [claimed] = await store.claimDueDeliveries({ owner: 'dead', now: T0, leaseMs: 1000, limit: 1 });
      await startAt(store, clock, [claimed!.id], 'dead', T0, 1000);
      expect(await recover(store, T0 + 5000)).toEqual({ requeued: 0, maybeDelivered: 1 });
      await store.applyTickets([sent(claimed!.id, 'late', T0 + 10_000)], T0 + 6000);
      await store.releaseDeliveries([claimed!.id], requestFailed(T0 + 7000, 'late', 'late'), T0 + 6000);
      await store.releaseDeliveries([claimed!.id], unknownOutcome('late', 'late'), T0 + 6000);
      expect((await deliveriesOf(store, id))[0]).toMatchObject({ state: 'maybe_delivered', ticketId: null, errorCode: 'LeaseExpired' });
      expect(await statusOf(store, id)).toBe('maybe_delivered');
    });
  });

  describe('releaseDeliveries', () => {
    it('releases sending deliveries to retrying (or failed without a next attempt); others are untouched', async () => {
      const store = await fresh();
      await devicesFor(store, 'u', 3);
      const id = await queue(store, 'r1', 'u', T0);
      const [d1, d2] = await store.claimDueDeliveries({ owner: 'w', now: T0, leaseMs: 60_000, limit: 2 });
      await startAt(store, clock, [d1!.id, d2!.id], 'w', T0, 60_000);
      const queuedOne = (await deliveriesOf(store, id))[2]!;
      await store.releaseDeliveries([d1!.id, queuedOne.id], requestFailed(T0 + 500, 'HTTP_429', 'too many'), T0 + 10);
      await store.releaseDeliveries([d2!.id], requestFailed(null, 'HTTP_400', 'bad request'), T0 + 10);
      await store.releaseDeliveries([], requestFailed(null, 'x', 'x'), T0 + 10);
      const [r, f, q] = await deliveriesOf(store, id);
      expect(r).toMatchObject({ state: 'retrying', nextAttemptAt: T0 + 500, errorCode: 'HTTP_429', errorMessage: 'too many', attempts: 1, completedAt: null });
      expect(f).toMatchObject({ state: 'failed', errorCode: 'HTTP_400', errorMessage: 'bad request', attempts: 1, completedAt: T0 + 10 });
      expect(q).toMatchObject({ state: 'queued', errorCode: null, nextAttemptAt: T0 });
      expect(await statusOf(store, id)).toBe('retrying');
      expect((await claimAll(store, T0 + 499)).map((c) => c.id)).toEqual([q!.id]);
      expect((await claimAll(store, T0 + 500)).map((c) => c.id)).toEqual([d1!.id]);
    });

    it('marks sending deliveries maybe_delivered, never claimed again', async () => {
      const store = await fresh();
      await devicesFor(store, 'u', 1);
      const id = await queue(store, 'md', 'u', T0);
      const [claimed] = await claimAll(store, T0);
      await startAt(store, clock, [claimed!.id], 'w1', T0, 60_000);
      await store.releaseDeliveries([claimed!.id], unknownOutcome('Timeout', 'no answer within 30 s'), T0 + 30_000);
      await store.releaseDeliveries([], unknownOutcome('x', 'x'), T0);
      expect((await deliveriesOf(store, id))[0]).toMatchObject({
        state: 'maybe_delivered',
        errorCode: 'Timeout',
        errorMessage: 'no answer within 30 s',
        completedAt: T0 + 30_000,
        attempts: 1,
      });
      expect(await statusOf(store, id)).toBe('maybe_delivered');
      expect(await claimAll(store, T0 + 10_000_000)).toEqual([]);
      expect(await recover(store, T0 + 10_000_000)).toEqual({ requeued: 0, maybeDelivered: 0 });
    });
  });

  describe('releaseClaims', () => {
    it('gives back whole claims by lease owner, undoing only attempts a request was started for', async () => {
      const store = await fresh();
      for (const u of ['a', 'b', 'c']) await devicesFor(store, u, 1);
      const [na, nb, nc] = [await queue(store, 'ra', 'a'), await queue(store, 'rb', 'b'), await queue(store, 'rc', 'c')];
      await store.claimDueDeliveries({ owner: 'p#1', now: T0, leaseMs: 60_000, limit: 1, startNow: true });
      await store.claimDueDeliveries({ owner: 'p#2', now: T0, leaseMs: 60_000, limit: 1 });
      await store.claimDueDeliveries({ owner: 'p#3', now: T0, leaseMs: 60_000, limit: 1 });
      await store.releaseClaims(['p#1', 'p#2', 'p#9'], { state: 'queued', nextAttemptAt: T0 + 5, undoAttempt: true }, T0 + 1);
      await store.releaseClaims([], { state: 'queued' }, T0 + 1);
      expect((await deliveriesOf(store, na))[0]).toMatchObject({ state: 'queued', attempts: 0, nextAttemptAt: T0 + 5 });
      expect((await deliveriesOf(store, nb))[0]).toMatchObject({ state: 'queued', attempts: 0 });
      expect((await deliveriesOf(store, nc))[0]).toMatchObject({ state: 'sending' });
      expect(await statusOf(store, na)).toBe('queued');
    });
  });

  describe('engine processes', () => {
    it('records heartbeats (renewing one row per engine), lists them oldest first, forgets them', async () => {
      const store = await fresh();
      expect(await store.listProcesses()).toEqual([]);
      const a = { id: 'host-a:10:aaa', host: 'host-a', pid: 10, startedAt: T0, heartbeatAt: T0 };
      const b = { id: 'host-b:20:bbb', host: 'host-b', pid: 20, startedAt: T0 + 5, heartbeatAt: T0 + 5 };
      await store.heartbeat(a);
      await store.heartbeat(b);
      await store.heartbeat({ ...a, heartbeatAt: T0 + 1000 });
      expect(await store.listProcesses()).toEqual([{ ...a, heartbeatAt: T0 + 1000 }, b]);
      await store.removeProcesses([a.id, 'unknown']);
      await store.removeProcesses([]);
      expect(await store.listProcesses()).toEqual([b]);
    });

    it('recovers the claims of dead processes before their leases expire, and only theirs', async () => {
      const store = await fresh();
      for (const u of ['a', 'b', 'c']) await devicesFor(store, u, 1);
      const [na, nb, nc] = [await queue(store, 'da', 'a'), await queue(store, 'db', 'b'), await queue(store, 'dc', 'c')];
      const [ca] = await store.claimDueDeliveries({ owner: 'dead:1:x#1', now: T0, leaseMs: 60_000, limit: 1 });
      const [cb] = await store.claimDueDeliveries({ owner: 'dead:1:x#2', now: T0, leaseMs: 60_000, limit: 1 });
      await store.claimDueDeliveries({ owner: 'alive:2:y#1', now: T0, leaseMs: 60_000, limit: 1 });
      await startAt(store, clock, [cb!.id], 'dead:1:x#2', T0, 60_000);
      // an id that merely begins like the dead one's is someone else
      expect(await recover(store, T0 + 1000)).toEqual({ requeued: 0, maybeDelivered: 0 });
      const { notStarted, started } = await store.recoverExpiredLeases(T0 + 1000, leaseRecovery(T0 + 1000), ['dead:1:x', 'dead:1']);
      expect({ notStarted, started }).toEqual({ notStarted: 1, started: 1 });
      expect((await deliveriesOf(store, na))[0]).toMatchObject({ state: 'queued', attempts: 0 });
      expect((await deliveriesOf(store, nb))[0]).toMatchObject({ state: 'maybe_delivered', errorCode: 'LeaseExpired' });
      expect((await deliveriesOf(store, nc))[0]).toMatchObject({ state: 'sending' });
      expect(ca!.notificationId).toBe(na);
    });
  });

  describe('recoverExpiredLeases', () => {
    it('requeues expired claims whose request never started and marks the others maybe_delivered', async () => {
      const store = await fresh();
      for (const u of ['a', 'b', 'c', 'd']) await devicesFor(store, u, 1);
      const ids = [await queue(store, 'la', 'a'), await queue(store, 'lb', 'b'), await queue(store, 'lc', 'c'), await queue(store, 'ld', 'd')];
      const claimed = await store.claimDueDeliveries({ owner: 'dead', now: T0, leaseMs: 1000, limit: 10 });
      expect(claimed).toHaveLength(4);
      await startAt(store, clock, [claimed[0]!.id, claimed[1]!.id], 'dead', T0, 1000);

      expect(await recover(store, T0 + 999)).toEqual({ requeued: 0, maybeDelivered: 0 });
      expect(await recover(store, T0 + 1500)).toEqual({ requeued: 2, maybeDelivered: 2 });
      expect(await recover(store, T0 + 1500)).toEqual({ requeued: 0, maybeDelivered: 0 });

      for (const id of ids.slice(0, 2)) {
        expect((await deliveriesOf(store, id))[0]).toMatchObject({ state: 'maybe_delivered', errorCode: 'LeaseExpired', completedAt: T0 + 1500, attempts: 1 });
        expect(await statusOf(store, id)).toBe('maybe_delivered');
      }
      for (const id of ids.slice(2)) {
        expect((await deliveriesOf(store, id))[0]).toMatchObject({ state: 'queued', attempts: 0, completedAt: null });
        expect(await statusOf(store, id)).toBe('queued');
      }
      expect(await store.nextDueAt()).toBeLessThanOrEqual(T0 + 1500);
      const again = await store.claimDueDeliveries({ owner: 'alive', now: T0 + 1500, leaseMs: 1000, limit: 10 });
      expect(again.map((c) => c.notificationId).sort()).toEqual(ids.slice(2));
      // a live lease is left alone
      expect(await recover(store, T0 + 2000)).toEqual({ requeued: 0, maybeDelivered: 0 });
    });

    it.skipIf(!pair)('recovers each expired lease once when two stores recover at once', async () => {
      const [a, b] = await pair!();
      const users = Array.from({ length: 60 }, (_, i) => `r${i}`);
      await a.recordTokens(
        users.map((userId) => ({ userId, token: `ExponentPushToken[rec-${userId}]` })),
        T0,
      );
      await a.enqueueNotifications(
        users.map((userId, i) => ({ id: `ntf_rec${String(i).padStart(3, '0')}`, userId, content: {} })),
        T0,
      );
      const claimed = await a.claimDueDeliveries({ owner: 'dead', now: T0, leaseMs: 100, limit: 100 });
      await startAt(
        a,
        clock,
        claimed.slice(0, 20).map((c) => c.id),
        'dead',
        T0,
        100,
      );
      const results = await Promise.all([a, b, a, b].map((s) => recover(s, T0 + 1000)));
      expect(results.reduce((n, r) => n + r.requeued, 0)).toBe(40);
      expect(results.reduce((n, r) => n + r.maybeDelivered, 0)).toBe(20);
    });
  });
}
