import { afterEach, describe, expect, it } from 'vitest';
import { eventually, type Harness, startHarness, token } from './support/harness.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function one(userId: string, options = {}, fake = {}) {
  h = await startHarness(options, fake);
  const t = token();
  await h.pushgate.recordToken({ userId, pushToken: t });
  return t;
}

async function deliveryOf(id: string) {
  return (await h.pushgate.getNotification({ id }))!.deliveries[0]!;
}

describe('request-level failures', () => {
  it('retries after 429, honouring Retry-After, then sends once; the 429 spends no attempt', async () => {
    await one('u');
    h.fake.faults.failNextRequests.push({ count: 1, status: 429, retryAfterSeconds: 1 });
    const id = (await h.pushgate.sendPushNotification({ userId: 'u', notification: { title: 't' } }))!;
    await eventually(async () => (await deliveryOf(id)).state === 'sent' || (await deliveryOf(id)).state === 'delivered', 'sent');
    const d = await deliveryOf(id);
    expect(d.attempts).toBe(1);
    const { timeline, byStatus, messagesAccepted } = h.fake.stats();
    expect(byStatus[429]).toBe(1);
    expect(messagesAccepted).toBe(1);
    expect(timeline).toHaveLength(1);
    expect(d.sentAt! - d.createdAt).toBeGreaterThanOrEqual(950);
  });

  it('retries after a 5xx outage page, then succeeds', async () => {
    await one('u');
    h.fake.faults.failNextRequests.push({ count: 2, status: 502 });
    const id = (await h.pushgate.sendPushNotification({ userId: 'u', notification: { title: 't' } }))!;
    await eventually(async () => ['sent', 'delivered'].includes((await deliveryOf(id)).state), 'sent after outage');
    expect((await deliveryOf(id)).attempts).toBe(3);
    expect(h.fake.stats().messagesAccepted).toBe(1);
  });

  it('fails a delivery whose retries ran out, keeping the last error', async () => {
    await one('u', { maxAttempts: 2 });
    h.fake.faults.failNextRequests.push({ count: 5, status: 503 });
    const id = (await h.pushgate.sendPushNotification({ userId: 'u', notification: { title: 't' } }))!;
    await eventually(async () => (await deliveryOf(id)).state === 'failed', 'failed');
    const d = await deliveryOf(id);
    expect(d.attempts).toBe(2);
    expect(d.errorCode).toBeTruthy();
    expect(h.fake.stats().messagesAccepted).toBe(0);
  });

  it('marks a request that timed out after the body was sent maybe_delivered and never resends it', async () => {
    await one('u', { expo: { timeoutMs: 300 } });
    h.fake.faults.hangNextRequests = 1;
    const id = (await h.pushgate.sendPushNotification({ userId: 'u', notification: { title: 't' } }))!;
    await eventually(async () => (await deliveryOf(id)).state === 'maybe_delivered', 'maybe_delivered');
    expect((await deliveryOf(id)).errorCode).toBe('Timeout');
    await new Promise((r) => setTimeout(r, 300));
    expect(h.fake.stats().sendRequests).toBe(1);
    expect((await h.pushgate.getNotification({ id }))!.status).toBe('maybe_delivered');
  });

  it('treats a malformed 200 answer as an unknown outcome', async () => {
    await one('u');
    h.fake.faults.malformedNextRequests = 1;
    const id = (await h.pushgate.sendPushNotification({ userId: 'u', notification: { title: 't' } }))!;
    await eventually(async () => (await deliveryOf(id)).state === 'maybe_delivered', 'maybe_delivered');
    expect((await deliveryOf(id)).errorCode).toBe('MalformedResponse');
  });

  it('reports a 401 (bad access token) as a configuration error and does not retry forever', async () => {
    await one('u', { maxAttempts: 3, expo: { accessToken: 'wrong' } }, { accessToken: 'right' });
    const id = (await h.pushgate.sendPushNotification({ userId: 'u', notification: { title: 't' } }))!;
    await eventually(async () => (await deliveryOf(id)).state === 'failed', 'failed after attempts');
    const d = await deliveryOf(id);
    expect(d.attempts).toBe(3);
    expect(d.errorCode).toBe('invalid_token');
    // three sends, and the engine's first check of Expo at start (which logs the bad token at once)
    expect(h.fake.stats().sendRequests).toBe(3);
    expect(h.fake.stats().byStatus[401]).toBe(4);
  });

  it('sends with the right access token', async () => {
    await one('u', { expo: { accessToken: 'right' } }, { accessToken: 'right' });
    const id = (await h.pushgate.sendPushNotification({ userId: 'u', notification: { title: 't' } }))!;
    await eventually(async () => ['sent', 'delivered'].includes((await deliveryOf(id)).state), 'sent');
  });

  it('retries when Expo cannot be reached at all (connection refused)', async () => {
    await one('u');
    const port = h.fake.port;
    await h.fake.close();
    const id = (await h.pushgate.sendPushNotification({ userId: 'u', notification: { title: 't' } }))!;
    await eventually(async () => (await deliveryOf(id)).state === 'retrying', 'retrying');
    expect((await deliveryOf(id)).errorCode).toBe('ECONNREFUSED');
    const { startFakeExpo } = await import('../src/fake-expo/index.js');
    h.fake = await startFakeExpo({ port, rateLimitPerSecond: 0 });
    await eventually(async () => ['sent', 'delivered'].includes((await deliveryOf(id)).state), 'sent after Expo came back');
  });
});

describe('per-message failures', () => {
  it('applies a partially failed batch per message and deactivates DeviceNotRegistered at ticket time', async () => {
    h = await startHarness();
    const good = token();
    const dead = token();
    await h.pushgate.recordTokens([
      { userId: 'u', pushToken: good },
      { userId: 'u', pushToken: dead },
    ]);
    h.fake.faults.deviceNotRegisteredAtTicket.add(dead);
    const id = (await h.pushgate.sendPushNotification({ userId: 'u', notification: { title: 't' } }))!;
    await eventually(async () => (await h.pushgate.getNotification({ id }))!.status === 'delivered', 'delivered');
    const n = (await h.pushgate.getNotification({ id }))!;
    const byToken = Object.fromEntries(n.deliveries.map((d) => [d.token, d]));
    expect(byToken[dead]!.state).toBe('failed');
    expect(byToken[dead]!.errorCode).toBe('DeviceNotRegistered');
    expect(byToken[good]!.state).toBe('delivered');
    const status = await h.pushgate.getStatusForUser({ userId: 'u' });
    expect(status.activeDevices).toBe(1);
    expect(status.devices.find((d) => d.token === dead)!.deactivationReason).toBe('DeviceNotRegistered');
    expect(h.fake.stats().sendRequests).toBe(1);
  });

  it('deactivates a device on DeviceNotRegistered at receipt time and stops sending to it', async () => {
    const t = await one('u');
    h.fake.faults.deviceNotRegisteredAtReceipt.add(t);
    const id = (await h.pushgate.sendPushNotification({ userId: 'u', notification: { title: 't' } }))!;
    await eventually(async () => (await deliveryOf(id)).state === 'failed', 'failed at receipt');
    expect((await deliveryOf(id)).errorCode).toBe('DeviceNotRegistered');
    expect((await h.pushgate.getStatusForUser({ userId: 'u' })).hasToken).toBe(false);
    await expect(h.pushgate.sendPushNotification({ userId: 'u', notification: { title: 'again' } })).rejects.toMatchObject({
      code: 'NoActiveDevices',
    });
    expect(await h.pushgate.sendPushNotification({ userId: 'u', notification: { title: 'x' }, allowUnregisteredTokens: true })).toBeNull();
    expect(h.fake.stats().messagesAccepted).toBe(1);
  });

  it('moves MessageRateExceeded to retrying with backoff, then sends', async () => {
    const t = await one('u');
    h.fake.faults.ticketErrors.set(t, { code: 'MessageRateExceeded', times: 2 });
    const id = (await h.pushgate.sendPushNotification({ userId: 'u', notification: { title: 't' } }))!;
    await eventually(async () => (await deliveryOf(id)).state === 'retrying', 'retrying');
    await eventually(async () => ['sent', 'delivered'].includes((await deliveryOf(id)).state), 'sent');
    expect((await deliveryOf(id)).attempts).toBe(3);
    expect(h.fake.stats().messagesAccepted).toBe(1);
  });

  it('keeps a receipt that Expo does not have yet pending, then records it missing after the give-up time', async () => {
    h = await startHarness({ receiptDelayMs: 300, receiptRecheckMs: 50, receiptGiveUpMs: 600 });
    await h.pushgate.recordToken({ userId: 'u', pushToken: token() });
    const original = h.fake.faults;
    const id = (await h.pushgate.sendPushNotification({ userId: 'u', notification: { title: 't' } }))!;
    await eventually(async () => (await deliveryOf(id)).ticketId, 'ticket');
    original.missingReceipts.add((await deliveryOf(id)).ticketId!);
    await eventually(async () => (await deliveryOf(id)).state === 'maybe_delivered', 'receipt missing');
    expect((await deliveryOf(id)).errorCode).toBe('ReceiptMissing');
    expect(h.fake.stats().receiptRequests).toBeGreaterThanOrEqual(2);
  });
});
