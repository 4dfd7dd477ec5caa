/** recordTokens, removeToken, removeTokensForUser, getDevicesForUser, device retirement, setTokenProjects, getRecipient, setPaused. */
import { describe, expect, it } from 'vitest';
import {
  type ConformanceContext,
  claimAll,
  deliveriesOf,
  deviceOf,
  devicesFor,
  note,
  queue,
  refused,
  requestFailed,
  sent,
  statusOf,
  T0,
  tok,
} from './context.js';

export function devicesConformance({ fresh }: ConformanceContext): void {
  describe('devices', () => {
    it('records new tokens with defaults and returns them in input order', async () => {
      const store = await fresh();
      expect(await store.recordTokens([], T0)).toEqual([]);
      const [a, b] = await store.recordTokens(
        [
          { userId: 'u1', token: tok('a'), platform: 'ios', language: 'fr' },
          { userId: 'u2', token: tok('b') },
        ],
        T0,
      );
      expect(a).toMatchObject({
        token: tok('a'),
        userId: 'u1',
        platform: 'ios',
        language: 'fr',
        project: null,
        active: true,
        deactivationReason: null,
        lastSeenAt: T0,
        createdAt: T0,
        updatedAt: T0,
      });
      expect(a!.id).toMatch(/^dev_/);
      expect(b).toMatchObject({ token: tok('b'), userId: 'u2', platform: 'unknown', language: null, active: true });
      expect(a!.id).not.toBe(b!.id);
      expect(await deviceOf(store, 'u1', tok('a'))).toEqual(a);
      expect(await deviceOf(store, 'u1', tok('nope'))).toBeUndefined();
      expect(await store.getDevicesForUser('u1')).toEqual([a]);
      expect(await store.getDevicesForUser('nobody')).toEqual([]);
    });

    it('lists a user’s devices oldest first', async () => {
      const store = await fresh();
      const tokens = await devicesFor(store, 'u', 3);
      expect((await store.getDevicesForUser('u')).map((d) => d.token)).toEqual(tokens);
    });

    it('re-recording a token moves it to the new user, reactivates it and keeps id and createdAt', async () => {
      const store = await fresh();
      const [first] = await store.recordTokens([{ userId: 'u1', token: tok('a'), platform: 'ios', language: 'fr' }], T0);
      await queue(store, 'gone', 'u1', T0);
      const [claimed] = await claimAll(store, T0);
      await store.applyTickets([refused(claimed!.id, 'DeviceNotRegistered', 'gone', true)], T0 + 1);
      expect(await deviceOf(store, 'u1', tok('a'))).toMatchObject({ active: false, deactivationReason: 'DeviceNotRegistered' });

      const [moved] = await store.recordTokens([{ userId: 'u2', token: tok('a') }], T0 + 10);
      expect(moved).toMatchObject({
        id: first!.id,
        userId: 'u2',
        active: true,
        deactivationReason: null,
        platform: 'ios', // kept: not given
        language: 'fr',
        lastSeenAt: T0 + 10,
        createdAt: T0,
        updatedAt: T0 + 10,
      });
      expect(await store.getDevicesForUser('u1')).toEqual([]);
      expect((await store.getDevicesForUser('u2')).map((d) => d.id)).toEqual([first!.id]);

      const [updated] = await store.recordTokens([{ userId: 'u2', token: tok('a'), platform: 'android', language: 'de' }], T0 + 20);
      expect(updated).toMatchObject({ id: first!.id, platform: 'android', language: 'de', lastSeenAt: T0 + 20 });
    });

    it('a token given twice in one call ends with the last input, returned at both positions', async () => {
      const store = await fresh();
      const out = await store.recordTokens(
        [
          { userId: 'x', token: tok('dup') },
          { userId: 'y', token: tok('dup'), platform: 'android' },
        ],
        T0,
      );
      expect(out).toHaveLength(2);
      expect(out[0]).toEqual(out[1]);
      expect(out[1]).toMatchObject({ userId: 'y', platform: 'android' });
      expect(await store.getDevicesForUser('x')).toEqual([]);
    });

    it('removes a token and returns it once', async () => {
      const store = await fresh();
      const [device] = await store.recordTokens([{ userId: 'u', token: tok('r') }], T0);
      expect(await store.removeToken(tok('r'))).toEqual(device);
      expect(await store.removeToken(tok('r'))).toBeNull();
      expect(await deviceOf(store, 'u', tok('r'))).toBeUndefined();
      expect((await store.enqueueNotifications([note('r1', 'u')], T0))[0]).toEqual({ kind: 'no_devices' });
    });

    it('removes every token of a user, oldest first, and no other user’s', async () => {
      const store = await fresh();
      const mine = await devicesFor(store, 'u', 3);
      const [theirs] = await devicesFor(store, 'v', 1);
      const before = await store.getDevicesForUser('u');
      const removed = await store.removeTokensForUser('u');
      expect(removed).toEqual(before);
      expect(removed.map((d) => d.token)).toEqual(mine);
      expect(await store.getDevicesForUser('u')).toEqual([]);
      expect((await store.getDevicesForUser('v')).map((d) => d.token)).toEqual([theirs]);
      expect(await store.removeTokensForUser('u')).toEqual([]);
      expect(await store.removeTokensForUser('nobody')).toEqual([]);
      expect((await store.enqueueNotifications([note('rt1', 'u')], T0))[0]).toEqual({ kind: 'no_devices' });
    });

    it('retires a device whose token is dead: nothing more is queued for it; its queued deliveries stay', async () => {
      const store = await fresh();
      const [t1, t2] = await devicesFor(store, 'u', 2);
      await queue(store, 'd0', 'u', T0);
      const [c1, c2] = await claimAll(store, T0);
      await store.applyTickets([refused(c1!.id, 'DeviceNotRegistered', 'gone', true), sent(c2!.id, 'tk', T0 + 900_000)], T0 + 1);
      expect(await deviceOf(store, 'u', t1!)).toMatchObject({ active: false, deactivationReason: 'DeviceNotRegistered', updatedAt: T0 + 1 });
      expect((await deviceOf(store, 'u', t2!))!.active).toBe(true);

      const [outcome] = await store.enqueueNotifications([note('d1', 'u')], T0 + 3);
      expect(outcome).toEqual({ kind: 'queued', id: 'ntf_d1', deliveries: 1 });
      expect((await deliveriesOf(store, 'ntf_d1')).map((d) => d.token)).toEqual([t2]);
      const [onT2] = await claimAll(store, T0 + 3);
      const waiting = await queue(store, 'd2', 'u', T0 + 4);
      await store.applyTickets([refused(onT2!.id, 'DeviceNotRegistered', 'gone', true)], T0 + 5);
      expect((await deviceOf(store, 'u', t2!))!.active).toBe(false);
      expect((await deliveriesOf(store, waiting)).map((d) => d.state)).toEqual(['queued']);
      expect((await store.enqueueNotifications([note('d3', 'u')], T0 + 6))[0]).toEqual({ kind: 'no_devices' });
    });

    it('learns token projects on the device and on its unsent deliveries only', async () => {
      const store = await fresh();
      const [ta, tb] = await devicesFor(store, 'u', 2);
      const n1 = await queue(store, 'p1', 'u', T0 + 10);
      const [first] = await store.claimDueDeliveries({ owner: 'w', now: T0 + 10, leaseMs: 60_000, limit: 1 });
      expect(first!.token).toBe(ta);
      await store.applyTickets([sent(first!.id, 'tk', T0 + 1000)], T0 + 11);
      const n2 = await queue(store, 'p2', 'u', T0 + 15);
      const [second] = await store.claimDueDeliveries({ owner: 'w', now: T0 + 20, leaseMs: 60_000, limit: 1 });
      expect(second).toMatchObject({ notificationId: n1, token: tb });

      await store.setTokenProjects(
        [
          { token: ta!, project: '@acme/app' },
          { token: tb!, project: '@acme/app' },
          { token: tok('unknown'), project: '@acme/other' },
        ],
        T0 + 30,
      );
      await store.setTokenProjects([], T0 + 31);
      expect(await deviceOf(store, 'u', ta!)).toMatchObject({ project: '@acme/app', updatedAt: T0 + 30 });
      const [accepted, sending] = await deliveriesOf(store, n1);
      expect(accepted).toMatchObject({ state: 'sent', project: null });
      expect(sending).toMatchObject({ state: 'sending', project: '@acme/app' });
      expect((await deliveriesOf(store, n2)).map((d) => d.project)).toEqual(['@acme/app', '@acme/app']);

      // a released delivery is claimed with its project; new notifications copy it
      await store.releaseDeliveries([second!.id], requestFailed(T0 + 40, 'PUSH_TOO_MANY_EXPERIENCE_IDS', 'split'), T0 + 40);
      const again = await claimAll(store, T0 + 40);
      expect(again.map((c) => c.project)).toEqual(['@acme/app', '@acme/app', '@acme/app']);
      const n3 = await queue(store, 'p3', 'u', T0 + 50);
      expect((await deliveriesOf(store, n3)).map((d) => d.project)).toEqual(['@acme/app', '@acme/app']);
    });
  });

  describe('recipients and pausing', () => {
    it('knows no recipient until paused or resumed', async () => {
      const store = await fresh();
      expect(await store.getRecipient('r')).toBeNull();
      expect(await store.setPaused('r', false, T0)).toEqual({ waiting: 0 });
      expect(await store.getRecipient('r')).toEqual({ userId: 'r', paused: false, badgeCount: 0, createdAt: T0, updatedAt: T0 });
    });

    it('pausing changes nothing queued; claims report the paused user’s deliveries as paused', async () => {
      const store = await fresh();
      await devicesFor(store, 'p', 2);
      await devicesFor(store, 'q', 1);
      const np0 = await queue(store, 'np0', 'p', T0);
      const np1 = await queue(store, 'np1', 'p', T0 + 1, { sendAt: T0 + 10_000 });
      const nq = await queue(store, 'nq', 'q', T0 + 2);

      expect(await store.setPaused('p', true, T0 + 10)).toEqual({ waiting: 4 });
      expect(await store.getRecipient('p')).toMatchObject({ userId: 'p', paused: true, createdAt: T0 + 10, updatedAt: T0 + 10 });
      expect(await statusOf(store, np0)).toBe('queued');
      expect(await statusOf(store, np1)).toBe('queued');
      const due = await claimAll(store, T0 + 20);
      expect(due.map((d) => [d.notificationId, d.paused])).toEqual([
        [np0, true],
        [np0, true],
        [nq, false],
      ]);
      // new sends to a paused user are not stored
      expect((await store.enqueueNotifications([note('np3', 'p')], T0 + 11))[0]).toEqual({ kind: 'paused' });

      expect(await store.setPaused('p', false, T0 + 20)).toEqual({ waiting: 2 });
      expect(await store.getRecipient('p')).toMatchObject({ paused: false, createdAt: T0 + 10, updatedAt: T0 + 20 });
      expect((await claimAll(store, T0 + 10_000)).map((d) => [d.notificationId, d.paused])).toEqual([
        [np1, false],
        [np1, false],
      ]);
      expect((await store.enqueueNotifications([note('np4', 'p')], T0 + 21))[0]).toMatchObject({ kind: 'queued', deliveries: 2 });
    });
  });
}
