import { afterEach, describe, expect, it } from 'vitest';
import { IdempotencyKeyReusedError, MessageValidationError } from '../src/domain/errors.js';
import { eventually, type Harness, startHarness, token } from './support/harness.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('tokens and users', () => {
  it('records many devices per user, moves a token to a new user, reactivates on re-record', async () => {
    h = await startHarness();
    const [a, b] = [token(), token()];
    await h.pushgate.recordToken({ userId: 'alice', pushToken: a, platform: 'ios', language: 'en' });
    await h.pushgate.recordToken({ userId: 'alice', pushToken: b, platform: 'android' });
    let status = await h.pushgate.getStatusForUser({ userId: 'alice' });
    expect(status).toMatchObject({ hasToken: true, paused: false, activeDevices: 2 });
    expect(status.devices.find((d) => d.token === a)).toMatchObject({ platform: 'ios', language: 'en' });

    await h.pushgate.recordToken({ userId: 'bob', pushToken: b });
    expect((await h.pushgate.getStatusForUser({ userId: 'alice' })).activeDevices).toBe(1);
    expect((await h.pushgate.getStatusForUser({ userId: 'bob' })).devices[0]!.token).toBe(b);

    // Expo says the token is dead: the device is retired
    h.fake.faults.deviceNotRegisteredAtTicket.add(a);
    await h.pushgate.sendPushNotification({ userId: 'alice', notification: { title: 'x' } });
    await eventually(async () => !(await h.pushgate.getStatusForUser({ userId: 'alice' })).hasToken, 'device retired');
    await h.pushgate.recordToken({ userId: 'alice', pushToken: a });
    status = await h.pushgate.getStatusForUser({ userId: 'alice' });
    expect(status.hasToken).toBe(true);
    expect(status.devices[0]!.deactivationReason).toBeNull();

    expect((await h.pushgate.removeToken({ pushToken: a }))?.userId).toBe('alice');
    expect(await h.pushgate.removeToken({ pushToken: a })).toBeNull();
  });

  it('rejects malformed tokens and user ids', async () => {
    h = await startHarness();
    await expect(h.pushgate.recordToken({ userId: 'x', pushToken: 'not-a-token' })).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(h.pushgate.recordToken({ userId: '', pushToken: token() })).rejects.toMatchObject({ code: 'InvalidArgument' });
    expect((await h.pushgate.getStatusForUser({ userId: 'x' })).devices).toHaveLength(0);
  });
});

describe("the REST contract's names", () => {
  it('registerDeviceToken, removeDeviceToken and sendBatchNotifications are recordToken, removeToken and sendToUsers', async () => {
    h = await startHarness();
    const [a, b] = [token(), token()];
    const device = await h.pushgate.registerDeviceToken({ userId: 'mentor-19', token: a, platform: 'ios' });
    expect(device).toMatchObject({ userId: 'mentor-19', token: a, platform: 'ios', active: true });
    await h.pushgate.registerDeviceToken({ userId: 'mentor-55', token: b });
    const batch = await h.pushgate.sendBatchNotifications({ userIds: ['mentor-19', 'mentor-55', 'mentor-78'], payload: { title: 'Renewal reminder' } });
    expect(batch).toMatchObject({ total: 3, queued: 2, skipped: 1 });
    expect(batch.ids[2]).toBeNull();
    await eventually(() => h.fake.stats().messagesAccepted === 2, 'both sent');
    expect(await h.pushgate.removeDeviceToken({ token: a })).toMatchObject({ userId: 'mentor-19', token: a });
    expect(await h.pushgate.removeDeviceToken({ token: a })).toBeNull();
    await expect(h.pushgate.registerDeviceToken({ userId: 'x', token: 'abc123devicetoken' })).rejects.toMatchObject({ code: 'InvalidArgument' });
  });
});

describe('sending', () => {
  it('rejects MessageTooBig and bad field types before queueing anything', async () => {
    h = await startHarness();
    await h.pushgate.recordToken({ userId: 'u', pushToken: token() });
    const big = { title: 'x', data: { blob: 'y'.repeat(5000) } };
    const error = await h.pushgate.sendPushNotification({ userId: 'u', notification: big }).catch((e) => e);
    expect(error).toBeInstanceOf(MessageValidationError);
    expect(error.code).toBe('MessageTooBig');
    await expect(h.pushgate.sendPushNotification({ userId: 'u', notification: { badge: 'seven' } as never })).rejects.toMatchObject({ code: 'InvalidMessage' });
    const { notifications } = await h.pushgate.getNotificationsForUser({ userId: 'u' });
    expect(notifications).toHaveLength(0);
    expect(h.fake.stats().messagesReceived).toBe(0);
  });

  it('accepts every current Expo field, and fields Expo adds later inside the expo extension object', async () => {
    h = await startHarness();
    await h.pushgate.recordToken({ userId: 'u', pushToken: token() });
    const notification = {
      title: 'T',
      subtitle: 'S',
      body: 'B',
      data: { screen: 'chat' },
      ttl: 60,
      expiration: 2_000_000_000,
      priority: 'high' as const,
      sound: { critical: true, name: 'default', volume: 0.5 },
      badge: 3,
      interruptionLevel: 'time-sensitive' as const,
      channelId: 'chat',
      icon: 'https://example.com/i.png',
      richContent: { image: 'https://example.com/a.png' },
      categoryId: 'reply',
      mutableContent: true,
      _contentAvailable: true,
      contentAvailable: true,
      collapseId: 'thread-1',
      tag: 'thread-1',
      threadId: 'th',
      targetContentId: 'tc',
      relevanceScore: 0.5,
      filterCriteria: 'f',
      expo: { someFutureField: { x: 1 } },
    };
    const id = (await h.pushgate.sendPushNotification({ userId: 'u', notification }))!;
    await eventually(async () => ['sent', 'delivered'].includes((await h.pushgate.getNotification({ id }))!.status), 'sent');
    const stored = (await h.pushgate.getNotification({ id }))!;
    // What is stored is what Expo gets: the extension's fields beside the known ones.
    const { expo, ...known } = notification;
    expect(stored.content).toEqual({ ...known, ...expo });
    expect(h.fake.stats().messagesAccepted).toBe(1);
  });

  it('refuses an unknown field, naming it and the field meant, and a known field inside the extension object', async () => {
    h = await startHarness();
    await h.pushgate.recordToken({ userId: 'u', pushToken: token() });
    const typo = await h.pushgate.sendPushNotification({ userId: 'u', notification: { titel: 'typo', body: 'b' } as never }).catch((e) => e);
    expect(typo).toBeInstanceOf(MessageValidationError);
    expect(typo.code).toBe('UnknownField');
    expect(typo.message).toContain('"titel" (did you mean "title"?)');
    expect(typo.message).toContain('"expo"');
    const clash = await h.pushgate.sendPushNotification({ userId: 'u', notification: { expo: { title: 'x' } } }).catch((e) => e);
    expect(clash).toMatchObject({ code: 'InvalidMessage' });
    expect(clash.message).toContain('"title"');
    const batch = await h.pushgate.sendToUsers({ userIds: ['u'], notification: { title: 't', bdoy: 'b' } as never }).catch((e) => e);
    expect(batch).toMatchObject({ code: 'UnknownField' });
    expect(batch.message).toContain('did you mean "body"');
    expect((await h.pushgate.getNotificationsForUser({ userId: 'u' })).notifications).toHaveLength(0);
  });

  it('is idempotent by key: a repeat returns the first id and sends nothing new', async () => {
    h = await startHarness();
    await h.pushgate.recordToken({ userId: 'u', pushToken: token() });
    const first = await h.pushgate.sendPushNotification({ userId: 'u', notification: { title: '1' }, idempotencyKey: 'k-1' });
    const second = await h.pushgate.sendPushNotification({ userId: 'u', notification: { title: '1' }, idempotencyKey: 'k-1' });
    expect(second).toBe(first);
    await eventually(() => h.fake.stats().messagesAccepted === 1, 'accepted once');
    await new Promise((r) => setTimeout(r, 200));
    expect(h.fake.stats().messagesAccepted).toBe(1);
  });

  it('throws IdempotencyKeyReused for a key used before with other content or another user, as HTTP answers 422', async () => {
    h = await startHarness();
    await h.pushgate.recordToken({ userId: 'u', pushToken: token() });
    await h.pushgate.recordToken({ userId: 'v', pushToken: token() });
    const first = await h.pushgate.sendPushNotification({ userId: 'u', notification: { title: '1', data: { a: 1, b: 2 } }, idempotencyKey: 'k-2' });
    // The same request, keys in another order: the same notification.
    expect(await h.pushgate.sendPushNotification({ userId: 'u', notification: { data: { b: 2, a: 1 }, title: '1' }, idempotencyKey: 'k-2' })).toBe(first);
    const otherContent = await h.pushgate.sendPushNotification({ userId: 'u', notification: { title: '2' }, idempotencyKey: 'k-2' }).catch((e) => e);
    expect(otherContent).toBeInstanceOf(IdempotencyKeyReusedError);
    expect(otherContent).toMatchObject({ code: 'IdempotencyKeyReused', existingId: first });
    expect(otherContent.message).toContain('use a new key');
    await expect(
      h.pushgate.sendPushNotification({ userId: 'v', notification: { title: '1', data: { a: 1, b: 2 } }, idempotencyKey: 'k-2' }),
    ).rejects.toMatchObject({
      code: 'IdempotencyKeyReused',
    });
    const fanOut = await h.pushgate.sendToUsers({ userIds: ['u', 'v'], notification: { title: 'all' }, idempotencyKey: 'f-1' });
    expect((await h.pushgate.sendToUsers({ userIds: ['u', 'v'], notification: { title: 'all' }, idempotencyKey: 'f-1' })).ids).toEqual(fanOut.ids);
    await expect(h.pushgate.sendToUsers({ userIds: ['u', 'v'], notification: { title: 'changed' }, idempotencyKey: 'f-1' })).rejects.toMatchObject({
      code: 'IdempotencyKeyReused',
    });
    expect((await h.pushgate.getNotificationsForUser({ userId: 'u' })).notifications).toHaveLength(2);
  });

  it('throws or returns null for users without a token, per allowUnregisteredTokens', async () => {
    h = await startHarness();
    const error = await h.pushgate.sendPushNotification({ userId: 'nobody', notification: { title: 'x' } }).catch((e) => e);
    expect(error).toMatchObject({ code: 'NoActiveDevices' });
    // Says what to do next: register a token.
    expect(error.message).toMatch(/recordToken.*device-tokens/);
    expect(await h.pushgate.sendPushNotification({ userId: 'nobody', notification: {}, allowUnregisteredTokens: true })).toBeNull();
  });

  it('holds a notification until sendAt', async () => {
    h = await startHarness();
    await h.pushgate.recordToken({ userId: 'u', pushToken: token() });
    const id = (await h.pushgate.sendPushNotification({ userId: 'u', notification: { title: 'later' }, sendAt: Date.now() + 600 }))!;
    await new Promise((r) => setTimeout(r, 200));
    expect((await h.pushgate.getNotification({ id }))!.status).toBe('queued');
    await eventually(async () => (await h.pushgate.getNotification({ id }))!.status !== 'queued', 'sent at sendAt');
  });
});

describe('pause and resume', () => {
  it('drops sends to a paused user, keeps what is scheduled past the pause, and resumes', async () => {
    h = await startHarness();
    await h.pushgate.recordToken({ userId: 'u', pushToken: token() });
    const later = (await h.pushgate.sendPushNotification({ userId: 'u', notification: { title: 'later' }, sendAt: Date.now() + 1_500 }))!;
    expect(await h.pushgate.pausePushNotifications({ userId: 'u' })).toEqual({ waiting: 1 });
    // pausing destroys nothing: the scheduled one waits, to be judged when it comes due
    expect((await h.pushgate.getNotification({ id: later }))!.status).toBe('queued');
    expect((await h.pushgate.getStatusForUser({ userId: 'u' })).paused).toBe(true);
    expect(await h.pushgate.sendPushNotification({ userId: 'u', notification: { title: 'dropped' } })).toBeNull();
    await h.pushgate.resumePushNotifications({ userId: 'u' });
    const id = await h.pushgate.sendPushNotification({ userId: 'u', notification: { title: 'back' } });
    expect(id).toMatch(/^ntf_/);
    await eventually(() => h.fake.stats().messagesAccepted === 2, 'the new one and the scheduled one sent after the resume');
  });

  it('drops a queued notification that comes due while its user is paused', async () => {
    h = await startHarness();
    await h.pushgate.recordToken({ userId: 'p', pushToken: token() });
    const soon = (await h.pushgate.sendPushNotification({ userId: 'p', notification: { title: 'soon' }, sendAt: Date.now() + 500 }))!;
    await h.pushgate.pausePushNotifications({ userId: 'p' });
    const dropped = await eventually(async () => {
      const n = await h.pushgate.getNotification({ id: soon });
      return n?.status === 'canceled' ? n : null;
    }, 'dropped when due');
    expect(dropped.deliveries[0]).toMatchObject({ state: 'canceled', errorCode: 'Paused', attempts: 0 });
    expect(h.fake.stats().messagesReceived).toBe(0);
    // resuming does not bring back what came due while paused
    await h.pushgate.resumePushNotifications({ userId: 'p' });
    expect((await h.pushgate.getNotification({ id: soon }))!.status).toBe('canceled');
  });
});

describe('queries', () => {
  it('pages a user’s notifications newest first with a cursor, and deletes them', async () => {
    h = await startHarness({ runEngine: false });
    await h.pushgate.recordToken({ userId: 'u', pushToken: token() });
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await h.pushgate.sendPushNotification({ userId: 'u', notification: { title: `${i}` } }))!);
    const page1 = await h.pushgate.getNotificationsForUser({ userId: 'u', limit: 3 });
    expect(page1.notifications.map((n) => n.id)).toEqual(ids.slice(-3).reverse());
    const page2 = await h.pushgate.getNotificationsForUser({ userId: 'u', limit: 3, cursor: page1.nextCursor });
    const page3 = await h.pushgate.getNotificationsForUser({ userId: 'u', limit: 3, cursor: page2.nextCursor });
    expect([...page1.notifications, ...page2.notifications, ...page3.notifications].map((n) => n.id)).toEqual([...ids].reverse());
    expect(page3.nextCursor).toBeNull();
    expect(await h.pushgate.deleteNotificationsForUser({ userId: 'u' })).toEqual({ deleted: 7 });
    expect(await h.pushgate.getNotification({ id: ids[0]! })).toBeNull();
  });

  it('marks a notification opened', async () => {
    h = await startHarness();
    await h.pushgate.recordToken({ userId: 'u', pushToken: token() });
    const id = (await h.pushgate.sendPushNotification({ userId: 'u', notification: { title: 'o' } }))!;
    const openedAt = Date.now();
    const updated = await h.pushgate.markOpened({ id, openedAt });
    expect(updated).toMatchObject({ status: 'opened', openedAt });
    expect(await h.pushgate.markOpened({ id: 'ntf_missing' })).toBeNull();
  });
});
