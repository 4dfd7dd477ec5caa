/** enqueueNotifications, batches, getNotification, markOpened, deletes, cancelPending. */
import { describe, expect, it } from 'vitest';
import {
  type ConformanceContext,
  claimAll,
  deliveriesOf,
  devicesFor,
  note,
  queue,
  receiptDelivered,
  requestFailed,
  retire,
  sent,
  statusOf,
  T0,
} from './context.js';

export function notificationsConformance({ fresh }: ConformanceContext): void {
  describe('enqueueNotifications', () => {
    it('answers each of many concurrent callers with its own outcome, and concurrent reads each with their own record', async () => {
      // Under load the PostgreSQL store runs concurrent small enqueues and point reads as shared
      // statements: every caller must still get exactly its own answer.
      const store = await fresh();
      for (let i = 0; i < 20; i++) await devicesFor(store, `c${i}`, (i % 3) + 1);
      await devicesFor(store, 'cp', 1);
      await store.setPaused('cp', true, T0);
      const calls = Array.from({ length: 40 }, (_, i) => {
        if (i % 10 === 7) return [note(`cc${i}`, 'cp')];
        if (i % 10 === 8) return [note(`cc${i}`, 'nobody')];
        if (i % 10 === 9) return [note(`cc${i}`, 'c1', { idempotencyKey: 'shared' })];
        return [note(`cc${i}`, `c${i % 20}`), note(`cc${i}b`, `c${(i + 1) % 20}`)];
      });
      const answers = await Promise.all(calls.map((items) => store.enqueueNotifications(items, T0 + 10)));
      const winners = new Set<string>();
      for (const [i, outcomes] of answers.entries()) {
        if (i % 10 === 7) expect(outcomes).toEqual([{ kind: 'paused' }]);
        else if (i % 10 === 8) expect(outcomes).toEqual([{ kind: 'no_devices' }]);
        else if (i % 10 === 9) {
          const [outcome] = outcomes;
          expect(outcome?.kind === 'queued' || outcome?.kind === 'duplicate').toBe(true);
          winners.add((outcome as { id: string }).id);
        } else {
          expect(outcomes).toEqual([
            { kind: 'queued', id: `ntf_cc${i}`, deliveries: ((i % 20) % 3) + 1 },
            { kind: 'queued', id: `ntf_cc${i}b`, deliveries: (((i + 1) % 20) % 3) + 1 },
          ]);
        }
      }
      expect(winners.size).toBe(1);
      expect(answers.filter((o, i) => i % 10 === 9 && o[0]!.kind === 'queued')).toHaveLength(1);

      const ids = answers.flatMap((o) => o.flatMap((x) => (x.kind === 'queued' ? [x.id] : [])));
      const records = await Promise.all([...ids, 'ntf_missing'].map((id) => store.getNotification(id)));
      expect(records.pop()).toBeNull();
      records.forEach((record, i) => {
        expect(record?.id).toBe(ids[i]);
        expect(record!.deliveries.every((d) => d.notificationId === ids[i])).toBe(true);
      });
      const users = Array.from({ length: 20 }, (_, i) => `c${i}`);
      const devices = await Promise.all([...users, 'nobody'].map((u) => store.getDevicesForUser(u)));
      expect(devices.pop()).toEqual([]);
      devices.forEach((list, i) => {
        expect(list).toHaveLength((i % 3) + 1);
        expect(list.every((d) => d.userId === users[i])).toBe(true);
      });
    });

    it('stores one queued delivery per active device and reports every outcome in input order', async () => {
      const store = await fresh();
      const u1 = await devicesFor(store, 'u1', 3);
      await retire(store, 'u1', u1[1]!);
      await devicesFor(store, 'u2', 1);
      await devicesFor(store, 'pz', 1);
      await store.setPaused('pz', true, T0);
      await store.setPaused('pz-nodev', true, T0);
      const [gone] = await devicesFor(store, 'gone', 1);
      await retire(store, 'gone', gone!);

      const outcomes = await store.enqueueNotifications(
        [
          note('e1', 'u1'),
          note('e2', 'nodev'),
          note('e3', 'pz'),
          note('e4', 'u2', { idempotencyKey: 'k1' }),
          note('e5', 'gone'),
          note('e6', 'u2', { idempotencyKey: 'k1' }),
          note('e7', 'pz-nodev'),
        ],
        T0 + 100,
      );
      expect(outcomes).toEqual([
        { kind: 'queued', id: 'ntf_e1', deliveries: 2 },
        { kind: 'no_devices' },
        { kind: 'paused' },
        { kind: 'queued', id: 'ntf_e4', deliveries: 1 },
        { kind: 'no_devices' },
        { kind: 'duplicate', id: 'ntf_e4' },
        { kind: 'paused' },
      ]);
      for (const skipped of ['ntf_e2', 'ntf_e3', 'ntf_e5', 'ntf_e6', 'ntf_e7']) expect(await store.getNotification(skipped)).toBeNull();
      expect(await store.enqueueNotifications([], T0)).toEqual([]);

      const n = await store.getNotification('ntf_e1');
      expect(n).toMatchObject({
        id: 'ntf_e1',
        userId: 'u1',
        batchId: null,
        content: { title: 'title e1', body: 'body' },
        status: 'queued',
        idempotencyKey: null,
        sendAt: T0 + 100,
        createdAt: T0 + 100,
        updatedAt: T0 + 100,
        sentAt: null,
        openedAt: null,
      });
      const devices = await store.getDevicesForUser('u1');
      expect(n!.deliveries).toHaveLength(2);
      n!.deliveries.forEach((d, i) => {
        const device = devices.filter((x) => x.active)[i]!;
        expect(d.id).toMatch(/^dlv_/);
        expect(d).toMatchObject({
          notificationId: 'ntf_e1',
          deviceId: device.id,
          token: device.token,
          project: null,
          state: 'queued',
          attempts: 0,
          nextAttemptAt: T0 + 100,
          ticketId: null,
          receiptDueAt: null,
          errorCode: null,
          errorMessage: null,
          createdAt: T0 + 100,
          updatedAt: T0 + 100,
          sentAt: null,
          completedAt: null,
        });
      });
    });

    it('keeps concurrent calls independent: one failing call stores nothing and the others are stored', async () => {
      const store = await fresh();
      await devicesFor(store, 'u1', 1);
      await devicesFor(store, 'u2', 1);
      const first = await queue(store, 'first', 'u1');
      const calls = [
        store.enqueueNotifications([note('c1', 'u1')], T0),
        store.enqueueNotifications([note('c2', 'u2'), { ...note('dup', 'u2'), id: first }], T0), // an id already taken
        store.enqueueNotifications([note('c3', 'u2')], T0),
      ];
      const results = await Promise.allSettled(calls);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      const stored = await Promise.all(
        results
          .filter((r) => r.status === 'fulfilled')
          .map(async (r) => {
            const [outcome] = (r as PromiseFulfilledResult<Awaited<(typeof calls)[0]>>).value;
            return outcome?.kind === 'queued' ? statusOf(store, outcome.id) : null;
          }),
      );
      expect(stored).toEqual(['queued', 'queued']);
      expect(await store.getNotification(note('c2', 'u2').id)).toBeNull(); // rolled back with its call
    });

    it('stores nothing of a call when an item requiring a device finds none (paused users are not an error)', async () => {
      const store = await fresh();
      await devicesFor(store, 'has', 2);
      await store.setPaused('paused', true, T0);
      const items = [note('a1', 'has', { requireDevice: true }), note('a2', 'paused', { requireDevice: true }), note('a3', 'nobody', { requireDevice: true })];
      await expect(store.enqueueNotifications(items, T0)).rejects.toMatchObject({ code: 'NoActiveDevices', userId: 'nobody' });
      expect(await store.getNotification('ntf_a1')).toBeNull();
      expect(await store.nextDueAt()).toBeNull();
      // alone, or without the flag, the same items store what they can
      await expect(store.enqueueNotifications([note('a4', 'nobody', { requireDevice: true })], T0)).rejects.toMatchObject({ code: 'NoActiveDevices' });
      expect(await store.enqueueNotifications([note('a5', 'has', { requireDevice: true }), note('a6', 'paused', { requireDevice: true })], T0)).toEqual([
        { kind: 'queued', id: 'ntf_a5', deliveries: 2 },
        { kind: 'paused' },
      ]);
      expect(await store.enqueueNotifications([note('a7', 'has'), note('a8', 'nobody')], T0)).toEqual([
        { kind: 'queued', id: 'ntf_a7', deliveries: 2 },
        { kind: 'no_devices' },
      ]);
    });

    it('answers a repeated idempotency key with the first id, in later calls too, even once the user is paused', async () => {
      const store = await fresh();
      await devicesFor(store, 'u', 1);
      await queue(store, 'k1', 'u', T0, { idempotencyKey: 'order-42' });
      expect(await store.enqueueNotifications([note('k2', 'u', { idempotencyKey: 'order-42' })], T0 + 5)).toEqual([{ kind: 'duplicate', id: 'ntf_k1' }]);
      await store.setPaused('u', true, T0 + 6);
      expect((await store.enqueueNotifications([note('k3', 'u', { idempotencyKey: 'order-42' })], T0 + 7))[0]).toEqual({
        kind: 'duplicate',
        id: 'ntf_k1',
      });
      expect(await store.getNotification('ntf_k1')).toMatchObject({ id: 'ntf_k1', idempotencyKey: 'order-42' });
      expect(await store.getNotification('ntf_k2')).toBeNull();
    });

    it('keeps a future sendAt: not due, and not claimable, before it', async () => {
      const store = await fresh();
      await devicesFor(store, 'u', 1);
      const id = await queue(store, 's1', 'u', T0, { sendAt: T0 + 60_000 });
      expect(await store.getNotification(id)).toMatchObject({ sendAt: T0 + 60_000, createdAt: T0 });
      expect((await deliveriesOf(store, id))[0]!.nextAttemptAt).toBe(T0 + 60_000);
      expect(await store.nextDueAt()).toBe(T0 + 60_000);
      expect(await claimAll(store, T0 + 59_999)).toEqual([]);
      expect((await claimAll(store, T0 + 60_000)).map((c) => c.notificationId)).toEqual([id]);
    });

    it('round-trips content exactly (nested data, unicode, sound object, unknown fields)', async () => {
      const store = await fresh();
      await devicesFor(store, 'u', 1);
      const content = {
        title: 'Olá 👋 — ünïcødé',
        body: 'line\nbreak "quoted"',
        data: { url: '/a?b=c', nested: { list: [1, 'two', null, { deep: true }] }, n: 1.5 },
        sound: { critical: true, name: 'alarm.wav', volume: 0.5 },
        badge: 3,
        priority: 'high' as const,
        futureExpoField: { anything: ['goes'] },
      };
      const id = await queue(store, 'c1', 'u', T0, { content });
      expect((await store.getNotification(id))!.content).toEqual(content);
      expect((await claimAll(store))[0]!.content).toEqual(content);
    });

    it('fans one content out to many users in one call', async () => {
      const store = await fresh();
      const users = Array.from({ length: 250 }, (_, i) => `f${String(i).padStart(3, '0')}`);
      await store.recordTokens(
        users.map((userId) => ({ userId, token: `ExponentPushToken[fan-${userId}]` })),
        T0,
      );
      const content = { title: 'fan-out' };
      const outcomes = await store.enqueueNotifications(
        users.map((userId, i) => ({ id: `ntf_fan${String(i).padStart(4, '0')}`, userId, content, batchId: 'bat_fan' })),
        T0,
      );
      expect(outcomes.every((o) => o.kind === 'queued' && o.deliveries === 1)).toBe(true);
      expect(await store.countBatchStatuses('bat_fan')).toEqual({ queued: 250 });
      const claimed = await store.claimDueDeliveries({ owner: 'w', now: T0, leaseMs: 60_000, limit: 1000 });
      expect(claimed).toHaveLength(250);
      expect(new Set(claimed.map((c) => c.token)).size).toBe(250);
    });
  });

  describe('batches', () => {
    it('stores a batch and counts its notifications by status', async () => {
      const store = await fresh();
      expect(await store.getBatch('bat_none')).toBeNull();
      expect(await store.countBatchStatuses('bat_none')).toEqual({});
      await devicesFor(store, 'a', 1);
      await devicesFor(store, 'b', 1);
      await devicesFor(store, 'c', 1);
      const outcomes = await store.enqueueNotifications(
        ['a', 'b', 'c', 'nobody'].map((userId) => note(`b-${userId}`, userId, { batchId: 'bat_1' })),
        T0,
      );
      await store.createBatch({ id: 'bat_1', total: 4, queued: 3, skipped: 1, createdAt: T0 });
      expect(outcomes.filter((o) => o.kind === 'queued')).toHaveLength(3);
      expect(await store.getBatch('bat_1')).toEqual({ id: 'bat_1', total: 4, queued: 3, skipped: 1, createdAt: T0 });
      expect((await store.getNotification('ntf_b-a'))!.batchId).toBe('bat_1');
      expect(await store.countBatchStatuses('bat_1')).toEqual({ queued: 3 });
      const [claimed] = await store.claimDueDeliveries({ owner: 'w', now: T0, leaseMs: 60_000, limit: 1 });
      await store.cancelPending('ntf_b-c', T0 + 1);
      expect(claimed!.notificationId).toBe('ntf_b-a');
      expect(await store.countBatchStatuses('bat_1')).toEqual({ sending: 1, queued: 1, canceled: 1 });
    });
  });

  describe('markOpened', () => {
    it('sets opened, which then stays whatever its deliveries do; unknown ids give null', async () => {
      const store = await fresh();
      await devicesFor(store, 'u', 1);
      const id = await queue(store, 'o1', 'u', T0);
      expect(await store.markOpened('ntf_unknown', T0, T0)).toBeNull();
      const opened = await store.markOpened(id, T0 + 5, T0 + 6);
      expect(opened).toMatchObject({ id, status: 'opened', openedAt: T0 + 5, updatedAt: T0 + 6, content: { title: 'title o1' } });

      const [claimed] = await claimAll(store, T0 + 10);
      expect(await statusOf(store, id)).toBe('opened');
      await store.applyTickets([sent(claimed!.id, 'tk', T0 + 100)], T0 + 20);
      expect(await store.getNotification(id)).toMatchObject({ status: 'opened', sentAt: T0 + 20 });
      await store.claimDueReceipts({ now: T0 + 100, leaseMs: 1000, limit: 10 });
      await store.applyReceipts([receiptDelivered(claimed!.id)], T0 + 30);
      expect(await store.getNotification(id)).toMatchObject({ status: 'opened', openedAt: T0 + 5 });
      expect((await deliveriesOf(store, id))[0]!.state).toBe('delivered');

      expect(await store.markOpened(id, T0 + 50, T0 + 51)).toMatchObject({ status: 'opened', openedAt: T0 + 50 });
    });
  });

  describe('deleting and canceling', () => {
    it('deletes a notification with its deliveries', async () => {
      const store = await fresh();
      await devicesFor(store, 'u', 2);
      const id = await queue(store, 'x1', 'u', T0);
      expect(await store.deleteNotification(id)).toBe(true);
      expect(await store.getNotification(id)).toBeNull();
      expect(await store.deleteNotification(id)).toBe(false);
      expect(await claimAll(store)).toEqual([]);
      expect(Object.values((await store.stats(T0)).deliveriesByState).reduce((a, b) => a + b, 0)).toBe(0);
    });

    it('deletes all of one user’s notifications', async () => {
      const store = await fresh();
      await devicesFor(store, 'u', 1);
      await devicesFor(store, 'v', 1);
      await queue(store, 'u1', 'u', T0);
      await queue(store, 'u2', 'u', T0 + 1);
      const keep = await queue(store, 'v1', 'v', T0 + 2);
      expect(await store.deleteNotificationsForUser('u')).toBe(2);
      expect(await store.deleteNotificationsForUser('u')).toBe(0);
      expect((await claimAll(store, T0 + 5)).map((c) => c.notificationId)).toEqual([keep]);
    });

    it('cancels pending deliveries of one notification, or of all', async () => {
      const store = await fresh();
      await devicesFor(store, 'u', 2);
      const a = await queue(store, 'ca', 'u', T0);
      const b = await queue(store, 'cb', 'u', T0 + 1);
      const c = await queue(store, 'cc', 'u', T0 + 2);
      const [sending] = await store.claimDueDeliveries({ owner: 'w', now: T0, leaseMs: 60_000, limit: 1 });
      expect(sending!.notificationId).toBe(a);
      expect(await store.cancelPending(a, T0 + 10)).toBe(1);
      expect((await deliveriesOf(store, a)).map((d) => d.state)).toEqual(['sending', 'canceled']);
      expect(await statusOf(store, a)).toBe('sending');
      expect(await store.cancelPending(a, T0 + 11)).toBe(0);
      expect(await store.cancelPending('ntf_unknown', T0 + 11)).toBe(0);

      const [retrying] = await store.claimDueDeliveries({ owner: 'w', now: T0 + 12, leaseMs: 60_000, limit: 1 });
      expect(retrying!.notificationId).toBe(b);
      await store.releaseDeliveries([retrying!.id], requestFailed(T0 + 999, 'HTTP_500', 'x'), T0 + 13);
      expect(await statusOf(store, b)).toBe('retrying');

      expect(await store.cancelPending(b, T0 + 20)).toBe(2); // retrying + queued
      expect(await store.cancelPending(c, T0 + 20)).toBe(2); // 2 queued
      for (const id of [b, c]) {
        expect(await statusOf(store, id)).toBe('canceled');
        for (const d of await deliveriesOf(store, id)) expect(d).toMatchObject({ state: 'canceled', completedAt: T0 + 20, nextAttemptAt: null });
      }
      expect(await store.nextDueAt()).toBeNull();
      expect(await claimAll(store, T0 + 10_000)).toEqual([]);
    });
  });
}
