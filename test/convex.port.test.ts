/**
 * The Convex component's README (seed convex-expo-push-component.txt) ported line for line onto
 * `pushgate/convex`: the same calls, with the same `ctx` first argument (a stand-in here: it is
 * accepted and ignored), answer in the same shapes. Then the component's real client names
 * (pauseNotificationsForUser, unpauseNotificationsForUser, recordTokenBatch) and what its
 * "How delivery works" section promises.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PushNotifications } from '../src/convex/index.js';
import { eventually, type Harness, startHarness, token } from './support/harness.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** What a Convex mutation or query handler gets as `ctx`: never looked at. */
const ctx = { db: null, scheduler: null, runMutation: null, runQuery: null };

/** The README's `mutation({ args, handler })`, minus Convex: the handler is called as Convex would. */
const mutation = <A, R>(definition: { args: unknown; handler: (ctx: unknown, args: A) => Promise<R> }) => definition;
const v = { string: () => 'string', id: (_table: string) => 'id' };

describe('the component README, line for line', () => {
  it('Example usage + Send notifications: sendPushNotification from a mutation returns the id', async () => {
    h = await startHarness();
    // convex/example.ts
    const pushNotifications = new PushNotifications(h.pushgate);
    const sendPushNotification = mutation({
      args: { title: v.string(), to: v.id('users') },
      handler: async (ctx, args: { title: string; to: string }) => {
        // Sending a notification
        return pushNotifications.sendPushNotification(ctx, {
          userId: args.to,
          notification: {
            title: args.title,
          },
        });
      },
    });
    await pushNotifications.recordToken(ctx, { userId: 'other-user', pushToken: token() });
    // App.tsx: convex.mutation(api.example.sendPushNotification, { to: otherUser, title: `Hi from ${currentUser.name}` })
    const pushId = await sendPushNotification.handler(ctx, { to: 'other-user', title: 'Hi from Ada' });
    expect(pushId).toMatch(/^ntf_/);
    await eventually(() => h.fake.stats().messagesAccepted === 1, 'sent to Expo');
  });

  it('Instantiate, with a type parameter for user ids', async () => {
    h = await startHarness();
    type Email = string & { __isEmail: true };
    const pushNotifications = new PushNotifications<Email>(h.pushgate as never);
    const ada = 'ada@example.com' as Email;
    await pushNotifications.recordToken(ctx, { userId: ada, pushToken: token() });
    expect(await pushNotifications.getStatusForUser(ctx, { userId: ada })).toEqual({ hasToken: true, paused: false });
  });

  it('Registering a user: recordToken from a mutation returns null; pause/resume; getStatusForUser', async () => {
    h = await startHarness();
    const pushNotifications = new PushNotifications(h.pushgate);
    const getAuthUserId = async (_ctx: unknown) => 'mentor-42';
    const recordPushNotificationToken = mutation({
      args: { token: v.string() },
      handler: async (ctx, args: { token: string }) => {
        const userId = await getAuthUserId(ctx);
        await pushNotifications.recordToken(ctx, {
          userId,
          pushToken: args.token,
        });
      },
    });
    await recordPushNotificationToken.handler(ctx, { token: token() });
    expect(await pushNotifications.recordToken(ctx, { userId: 'mentor-42', pushToken: token() })).toBeNull();

    // "You can pause and resume push notification sending for a user using the
    // pausePushNotifications and resumePushNotifications methods."
    expect(await pushNotifications.pausePushNotifications(ctx, { userId: 'mentor-42' })).toBeNull();
    // "To determine if a user has a token and their pause status, you can use getStatusForUser."
    expect(await pushNotifications.getStatusForUser(ctx, { userId: 'mentor-42' })).toEqual({ hasToken: true, paused: true });
    expect(await pushNotifications.sendPushNotification(ctx, { userId: 'mentor-42', notification: { title: 'dropped' } })).toBeNull();
    expect(await pushNotifications.resumePushNotifications(ctx, { userId: 'mentor-42' })).toBeNull();
    expect(await pushNotifications.getStatusForUser(ctx, { userId: 'mentor-42' })).toEqual({ hasToken: true, paused: false });
    expect(await pushNotifications.getStatusForUser(ctx, { userId: 'nobody' })).toEqual({ hasToken: false, paused: false });
  });

  it('getNotification with the id sendPushNotification returned; getNotificationsForUser lists them', async () => {
    h = await startHarness();
    const pushNotifications = new PushNotifications(h.pushgate);
    await pushNotifications.recordToken(ctx, { userId: 'u', pushToken: token() });
    const pushId = (await pushNotifications.sendPushNotification(ctx, {
      userId: 'u',
      notification: { title: 'Hi', body: 'there', data: { screen: 'chat' } },
    }))!;
    const delivered = await eventually(async () => {
      const n = await pushNotifications.getNotification(ctx, { id: pushId });
      return n?.state === 'delivered' ? n : null;
    }, 'delivered');
    // The component's shape: the notification's fields, state, numPreviousFailures, _creationTime.
    expect(delivered).toEqual({
      title: 'Hi',
      body: 'there',
      data: { screen: 'chat' },
      state: 'delivered',
      numPreviousFailures: 0,
      _creationTime: expect.any(Number),
    });
    expect(Math.abs(delivered._creationTime - Date.now())).toBeLessThan(60_000);

    const second = await pushNotifications.sendPushNotification(ctx, { userId: 'u', notification: { title: 'Second' } });
    const list = await pushNotifications.getNotificationsForUser(ctx, { userId: 'u' });
    expect(Array.isArray(list)).toBe(true);
    expect(list.map((n) => [n.id, n.title])).toEqual([
      [second, 'Second'],
      [pushId, 'Hi'],
    ]);
    expect(list[1]).toMatchObject({ id: pushId, state: 'delivered', numPreviousFailures: 0 });
    expect(await pushNotifications.getNotificationsForUser(ctx, { userId: 'u', limit: 1 })).toHaveLength(1);
    expect(await pushNotifications.getNotification(ctx, { id: 'ntf_unknown' })).toBeNull();
  });

  it('How delivery works, 1: no token throws or returns null per allowUnregisteredTokens; paused returns null; a new one is awaiting_delivery with 0 failures', async () => {
    h = await startHarness({ runEngine: false });
    const pushNotifications = new PushNotifications(h.pushgate);
    await expect(pushNotifications.sendPushNotification(ctx, { userId: 'nobody', notification: { title: 'x' } })).rejects.toMatchObject({
      code: 'NoActiveDevices',
    });
    expect(await pushNotifications.sendPushNotification(ctx, { userId: 'nobody', notification: { title: 'x' }, allowUnregisteredTokens: true })).toBeNull();

    await pushNotifications.recordToken(ctx, { userId: 'a', pushToken: token() });
    await pushNotifications.recordToken(ctx, { userId: 'p', pushToken: token() });
    await pushNotifications.pauseNotificationsForUser(ctx, { userId: 'p' });
    const ids = await pushNotifications.sendPushNotificationBatch(ctx, {
      notifications: [
        { userId: 'a', notification: { title: 'one' } },
        { userId: 'p', notification: { title: 'paused' } },
        { userId: 'nobody', notification: { title: 'no token' } },
      ],
      allowUnregisteredTokens: true,
    });
    expect(ids).toEqual([expect.stringMatching(/^ntf_/), null, null]);
    expect(await pushNotifications.getNotification(ctx, { id: ids[0]! })).toMatchObject({ title: 'one', state: 'awaiting_delivery', numPreviousFailures: 0 });
    await expect(
      pushNotifications.sendPushNotificationBatch(ctx, { notifications: [{ userId: 'nobody', notification: { title: 'x' } }] }),
    ).rejects.toMatchObject({ code: 'NoActiveDevices' });
  });

  it('How delivery works, 4-5: MessageRateExceeded goes to needs_retry and counts a failure; a dead token fails', async () => {
    h = await startHarness({ retryBaseDelayMs: 1_500, retryMaxDelayMs: 1_500 });
    const pushNotifications = new PushNotifications(h.pushgate);
    const [slow, dead] = [token(), token()];
    await pushNotifications.recordToken(ctx, { userId: 'slow', pushToken: slow });
    await pushNotifications.recordToken(ctx, { userId: 'dead', pushToken: dead });
    h.fake.faults.ticketErrors.set(slow, { code: 'MessageRateExceeded', times: 1 });
    h.fake.faults.deviceNotRegisteredAtTicket.add(dead);
    const [slowId, deadId] = await pushNotifications.sendPushNotificationBatch(ctx, {
      notifications: [
        { userId: 'slow', notification: { title: 'later' } },
        { userId: 'dead', notification: { title: 'never' } },
      ],
    });
    await eventually(async () => (await pushNotifications.getNotification(ctx, { id: slowId! }))?.state === 'needs_retry', 'needs_retry');
    expect(await pushNotifications.getNotification(ctx, { id: slowId! })).toMatchObject({ state: 'needs_retry', numPreviousFailures: 1 });
    await eventually(async () => (await pushNotifications.getNotification(ctx, { id: deadId! }))?.state === 'failed', 'failed');
    await eventually(async () => (await pushNotifications.getNotification(ctx, { id: slowId! }))?.state === 'delivered', 'delivered on retry');
    expect(await pushNotifications.getNotification(ctx, { id: slowId! })).toMatchObject({ state: 'delivered', numPreviousFailures: 1 });
  });

  it('How delivery works, 6 + Troubleshooting: shutdown() then restart(); logLevel and expoAccessToken in the constructor', async () => {
    h = await startHarness({}, { accessToken: 'expo-secret' });
    const pushNotifications = new PushNotifications(
      { databaseUrl: `file:${h.dir}/convex.db`, expo: { url: h.fake.url }, sendRatePerSecond: 0, receiptDelayMs: 50 },
      {
        logLevel: 'DEBUG',
        expoAccessToken: 'expo-secret',
      },
    );
    try {
      const pushgate = await pushNotifications.pushgate;
      expect(pushgate.logger.level).toBe('debug');
      pushgate.logger.level = 'silent';
      await pushNotifications.recordToken(ctx, { userId: 'u', pushToken: token() });

      expect(await pushNotifications.shutdown(ctx)).toEqual({ message: 'success' });
      const id = (await pushNotifications.sendPushNotification(ctx, { userId: 'u', notification: { title: 'after shutdown' } }))!;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await pushNotifications.getNotification(ctx, { id }))!.state).toBe('awaiting_delivery');
      expect(await pushNotifications.restart(ctx)).toBe(true);
      // Sent with the access token the fake requires.
      await eventually(async () => (await pushNotifications.getNotification(ctx, { id }))!.state === 'delivered', 'sent after restart');
    } finally {
      await pushNotifications.close();
    }
  });
});

describe("the component's real client names", () => {
  it('recordTokenBatch takes an array; removeToken({ userId }) removes every token of the user; deleteNotificationsForUser', async () => {
    h = await startHarness({ runEngine: false });
    const pushNotifications = new PushNotifications(h.pushgate);
    expect(
      await pushNotifications.recordTokenBatch(ctx, [
        { userId: 'a', pushToken: token() },
        { userId: 'a', pushToken: token() },
        { userId: 'b', pushToken: token() },
        { userId: 'c', pushToken: '' },
      ]),
    ).toBeNull();
    expect((await h.pushgate.getStatusForUser({ userId: 'a' })).activeDevices).toBe(2);
    expect(await pushNotifications.getStatusForUser(ctx, { userId: 'c' })).toEqual({ hasToken: false, paused: false });

    await pushNotifications.sendPushNotification(ctx, { userId: 'a', notification: { title: 'x' } });
    expect(await pushNotifications.deleteNotificationsForUser(ctx, { userId: 'a' })).toBeNull();
    expect(await pushNotifications.getNotificationsForUser(ctx, { userId: 'a' })).toEqual([]);

    expect(await pushNotifications.removeToken(ctx, { userId: 'a' })).toBeNull();
    expect(await pushNotifications.getStatusForUser(ctx, { userId: 'a' })).toEqual({ hasToken: false, paused: false });
    expect(await pushNotifications.getStatusForUser(ctx, { userId: 'b' })).toEqual({ hasToken: true, paused: false });

    expect(await pushNotifications.pauseNotificationsForUser(ctx, { userId: 'b' })).toBeNull();
    expect((await pushNotifications.getStatusForUser(ctx, { userId: 'b' })).paused).toBe(true);
    expect(await pushNotifications.unpauseNotificationsForUser(ctx, { userId: 'b' })).toBeNull();
    expect((await pushNotifications.getStatusForUser(ctx, { userId: 'b' })).paused).toBe(false);
  });

  it('bad arguments get the library’s typed errors, naming the argument', async () => {
    h = await startHarness({ runEngine: false });
    const pushNotifications = new PushNotifications(h.pushgate);
    await expect(pushNotifications.recordToken(ctx, { userId: 'u', pushToken: 'not-a-token' })).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(pushNotifications.recordTokenBatch(ctx, 'x' as never)).rejects.toMatchObject({ code: 'InvalidArgument' });
    const typo = await pushNotifications.sendPushNotification(ctx, { userId: 'u', notification: { titel: 'x' } as never }).catch((e) => e);
    expect(typo).toMatchObject({ code: 'UnknownField' });
    expect(typo.message).toContain('did you mean "title"');
  });
});
