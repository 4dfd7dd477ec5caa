/**
 * The fake driven by Expo's official client, expo-server-sdk 7.2.0: whatever the SDK accepts
 * from real Expo it must accept from the fake, and fail where it fails on real Expo.
 * The SDK reads EXPO_BASE_URL once at import, so the fake starts first and the SDK is imported after.
 */
import type { Expo as ExpoClient, ExpoPushMessage, ExpoPushReceipt, ExpoPushTicket } from 'expo-server-sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeExpo, startFakeExpo } from '../src/fake-expo/index.js';
import { push, token } from './fake-expo/client.js';

const ACCESS_TOKEN = 'sdk-access-token';

let fake: FakeExpo;
let Expo: typeof ExpoClient;
/** A client with the right access token and short retry waits (the SDK's default first wait is 1 s). */
let expo: ExpoClient;
/** When set, the fake's clock stands still: its rate budget cannot refill, however slow the machine. */
let frozenAt: number | null = null;

beforeAll(async () => {
  fake = await startFakeExpo({ accessToken: ACCESS_TOKEN, rateLimitPerSecond: 600, clock: () => frozenAt ?? performance.now() });
  process.env.EXPO_BASE_URL = fake.url;
  ({ Expo } = await import('expo-server-sdk'));
  expo = new Expo({ accessToken: ACCESS_TOKEN, retryMinTimeout: 50 });
});
beforeEach(() => {
  frozenAt = null;
  fake.reset();
});
afterAll(() => fake?.close());

function messages(count: number, project?: string, extra: Partial<ExpoPushMessage> = {}): ExpoPushMessage[] {
  return Array.from({ length: count }, (_, i) => ({ to: token(project), title: 'sdk', body: `message ${i}`, data: { i }, ...extra }));
}

async function sendAll(client: ExpoClient, list: ExpoPushMessage[]): Promise<ExpoPushTicket[]> {
  const chunks = client.chunkPushNotifications(list);
  return (await Promise.all(chunks.map((chunk) => client.sendPushNotificationsAsync(chunk)))).flat();
}

/** Uses up `project`'s whole one-second budget with plain requests, so the next send is over the limit. */
async function drainBudget(project: string): Promise<void> {
  const answers = await Promise.all(
    Array.from({ length: 6 }, () => push(fake, messages(100, project), { headers: { authorization: `Bearer ${ACCESS_TOKEN}` } })),
  );
  expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
}

describe('expo-server-sdk against the fake', () => {
  it('chunkPushNotifications + sendPushNotificationsAsync: ok tickets, one per recipient, in order', async () => {
    const fanOut = Array.from({ length: 50 }, () => token());
    const list = [...messages(200), { to: fanOut, title: 'fan-out' }];
    const chunks = expo.chunkPushNotifications(list);
    expect(chunks.map((c) => Expo._getActualMessageCount(c))).toEqual([100, 100, 50]);

    const tickets = await sendAll(expo, list);
    expect(tickets).toHaveLength(250);
    expect(tickets.every((t) => t.status === 'ok' && typeof t.id === 'string')).toBe(true);
    const stats = fake.stats();
    expect(stats).toMatchObject({ sendRequests: 3, messagesAccepted: 250, duplicates: 0, byStatus: { 200: 3 } });
    expect(Object.keys(stats.acceptedByToken)).toHaveLength(250);
    expect(stats.acceptedByToken[fanOut[49]!]).toBe(1);
  });

  it('gzips bodies over 1 KiB, and the fake takes them', async () => {
    const small = await expo.sendPushNotificationsAsync([{ to: token(), title: 'tiny' }]);
    expect(small[0]!.status).toBe('ok');
    expect(fake.stats().gzipRequests).toBe(0);

    const large = await expo.sendPushNotificationsAsync(messages(100, undefined, { body: 'z'.repeat(600) }));
    expect(large.every((t) => t.status === 'ok')).toBe(true);
    expect(fake.stats()).toMatchObject({ gzipRequests: 1, messagesAccepted: 101 });
  });

  it('chunkPushNotificationReceiptIds + getPushNotificationReceiptsAsync: receipts, errors, and missing ones left out', async () => {
    const list = messages(350);
    const deadLater = list[7]!.to as string;
    fake.faults.deviceNotRegisteredAtReceipt.add(deadLater);
    const tickets = await sendAll(expo, list);
    const ids = tickets.map((t) => (t.status === 'ok' ? t.id : ''));
    expect(ids.every((id) => id !== '')).toBe(true);
    fake.faults.missingReceipts.add(ids[300]!);

    const idChunks = expo.chunkPushNotificationReceiptIds(ids);
    expect(idChunks.map((c) => c.length)).toEqual([300, 50]);
    const receipts: Record<string, ExpoPushReceipt> = {};
    for (const chunk of idChunks) Object.assign(receipts, await expo.getPushNotificationReceiptsAsync(chunk));

    expect(Object.keys(receipts)).toHaveLength(349);
    expect(receipts[ids[300]!]).toBeUndefined();
    expect(receipts[ids[7]!]).toMatchObject({ status: 'error', details: { error: 'DeviceNotRegistered' } });
    expect(Object.values(receipts).filter((r) => r.status === 'ok')).toHaveLength(348);
    expect(fake.stats().receiptRequests).toBe(2);
  });

  it('sends the access token; a wrong or missing one makes the SDK throw the 401', async () => {
    for (const client of [new Expo({ accessToken: 'wrong' }), new Expo()]) {
      const error = await client.sendPushNotificationsAsync(messages(1)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(error).toMatchObject({ statusCode: 401, message: expect.stringContaining('invalid_token') });
      expect((error as { errorData?: unknown }).errorData).toMatchObject({ error: 'invalid_token' });
      await expect(client.getPushNotificationReceiptsAsync(['x'])).rejects.toMatchObject({ statusCode: 401 });
    }
    // Not retried, nothing accepted.
    expect(fake.stats()).toMatchObject({ sendRequests: 2, messagesAccepted: 0, byStatus: { 401: 4 } });
  });

  it('returns DeviceNotRegistered (and other per-message errors) as error tickets, not exceptions', async () => {
    const [dead, alive, big] = [token(), token(), token()];
    fake.faults.deviceNotRegisteredAtTicket.add(dead);
    expect(Expo.isExpoPushToken('not-a-token')).toBe(false);
    const tickets = await expo.sendPushNotificationsAsync([{ to: dead }, { to: 'not-a-token' }, { to: alive }, { to: big, data: { blob: 'b'.repeat(5_000) } }]);
    expect(tickets[0]).toEqual({
      status: 'error',
      message: `"${dead}" is not a registered push notification recipient`,
      details: { error: 'DeviceNotRegistered', expoPushToken: dead },
    });
    expect(tickets[1]).toMatchObject({ status: 'error', details: { error: 'DeviceNotRegistered', expoPushToken: 'not-a-token' } });
    expect(tickets[2]!.status).toBe('ok');
    expect(tickets[3]).toMatchObject({ status: 'error', details: { error: 'MessageTooBig' } });
  });

  it('429: the SDK retries twice (ignoring Retry-After) and then succeeds', async () => {
    fake.faults.failNextRequests.push({ count: 2, status: 429, retryAfterSeconds: 30 });
    const started = performance.now();
    const tickets = await expo.sendPushNotificationsAsync(messages(3));
    // Had it honoured Retry-After: 30 this would take a minute.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(tickets.map((t) => t.status)).toEqual(['ok', 'ok', 'ok']);
    expect(fake.stats()).toMatchObject({ sendRequests: 3, http429: 2, messagesAccepted: 3 });
  });

  it('429 from the real per-project limit: the SDK retries after its backoff and gets through', async () => {
    await drainBudget('busy');
    // 250 ms refills about 150 messages at 600/s, enough for the retried chunk of 100.
    const patient = new Expo({ accessToken: ACCESS_TOKEN, retryMinTimeout: 250 });
    const tickets = await patient.sendPushNotificationsAsync(messages(100, 'busy'));
    expect(tickets.every((t) => t.status === 'ok')).toBe(true);
    const stats = fake.stats();
    expect(stats.http429).toBeGreaterThanOrEqual(1);
    expect(stats.messagesAccepted).toBe(700);
  });

  it('429 that outlasts the retries: the SDK throws TOO_MANY_REQUESTS with statusCode 429', async () => {
    frozenAt = performance.now();
    await drainBudget('jammed');
    const hasty = new Expo({ accessToken: ACCESS_TOKEN, retryMinTimeout: 1 });
    const error = await hasty.sendPushNotificationsAsync(messages(100, 'jammed')).catch((e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 429, code: 'TOO_MANY_REQUESTS' });
    expect(fake.stats()).toMatchObject({ sendRequests: 9, http429: 3, messagesAccepted: 600 });
  });

  it('outage pages and plain-text 503s surface as errors carrying status and text; no retry', async () => {
    fake.faults.failNextRequests.push({ count: 1, status: 502 }, { count: 1, status: 503 });
    const bad = await expo.sendPushNotificationsAsync(messages(1)).catch((e: unknown) => e);
    expect(bad).toMatchObject({ statusCode: 502, errorText: expect.stringContaining('<html>') });
    const unavailable = await expo.sendPushNotificationsAsync(messages(1)).catch((e: unknown) => e);
    expect(unavailable).toMatchObject({
      statusCode: 503,
      message: 'Expo responded with an error with status code 503: Service Unavailable',
    });
    expect(fake.stats()).toMatchObject({ sendRequests: 2, messagesAccepted: 0 });
  });

  it('a 200 that carries `errors` (even empty) or is not a ticket list makes the SDK throw', async () => {
    fake.faults.failNextRequests.push({
      count: 1,
      status: 200,
      body: JSON.stringify({ data: [{ status: 'ok', id: 'x' }], errors: [] }),
      contentType: 'application/json',
    });
    await expect(expo.sendPushNotificationsAsync(messages(1))).rejects.toThrow('Expected at least one error from Expo');
    fake.faults.malformedNextRequests = 3;
    for (let i = 0; i < 3; i++) await expect(expo.sendPushNotificationsAsync(messages(1))).rejects.toThrow();
    expect(fake.stats().messagesAccepted).toBe(0);
    expect((await expo.sendPushNotificationsAsync(messages(1)))[0]!.status).toBe('ok');
  });

  it('request-level 400s carry Expo`s code and details: several projects, more than 100 recipients', async () => {
    const [alpha, beta] = [token('alpha'), token('beta')];
    const mixed = await expo.sendPushNotificationsAsync([{ to: alpha }, { to: beta }]).catch((e: unknown) => e);
    expect(mixed).toMatchObject({
      statusCode: 400,
      code: 'PUSH_TOO_MANY_EXPERIENCE_IDS',
      details: { '@pushgate/alpha': [alpha], '@pushgate/beta': [beta] },
    });
    const unchunked = await expo.sendPushNotificationsAsync(messages(101)).catch((e: unknown) => e);
    expect(unchunked).toMatchObject({ statusCode: 400, code: 'PUSH_TOO_MANY_NOTIFICATIONS' });
    expect(fake.stats().messagesAccepted).toBe(0);
  });
});
