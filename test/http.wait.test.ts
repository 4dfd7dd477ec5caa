/** ?wait= on POST / and POST /batch: outcomes answered synchronously, bounded by timeout_ms and by shutdown. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, type HttpHarness, startHttp } from './support/http.js';

describe('wait=true: until Expo accepted or refused it', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await startHttp({ pushgate: { receiptDelayMs: 60_000 } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers "sent" once Expo accepted it (the receipt is not due yet)', async () => {
    await h.device('w-ok');
    const r = await h.call('POST', `${BASE}?wait=true`, { user_id: 'w-ok', title: 'hi' });
    expect(r.status).toBe(201);
    expect(r.headers.get('pushgate-wait')).toBe('settled');
    expect(r.body.status).toBe('sent');
    expect(r.body.sent_at).not.toBeNull();
    expect(r.body.deliveries[0]).toMatchObject({ state: 'sent', attempts: 1, error_code: null });
    expect(r.body.deliveries[0].ticket_id).toEqual(expect.any(String));
  });

  it('answers "failed" with DeviceNotRegistered for a dead token, and the device is deactivated', async () => {
    const t = await h.device('w-dead');
    h.fake.faults.deviceNotRegisteredAtTicket.add(t);
    const r = await h.call('POST', `${BASE}?wait=1`, { user_id: 'w-dead', title: 'hi' });
    expect(r.status).toBe(201);
    expect(r.body.status).toBe('failed');
    expect(r.body.deliveries[0]).toMatchObject({ state: 'failed', error_code: 'DeviceNotRegistered' });
    const status = await h.call('GET', '/api/v1/users/w-dead/status');
    expect(status.body).toMatchObject({ has_token: false, active_devices: 0 });
    expect(status.body.devices[0]).toMatchObject({ active: false, token: t });
  });

  it('one answer for a user with several devices once every device has an outcome', async () => {
    await h.device('w-multi', 'ios');
    const dead = await h.device('w-multi', 'android');
    h.fake.faults.deviceNotRegisteredAtTicket.add(dead);
    const r = await h.call('POST', `${BASE}?wait=true`, { user_id: 'w-multi', title: 'hi' });
    expect(r.body.status).toBe('sent');
    expect(r.body.deliveries.map((d: { state: string }) => d.state).sort()).toEqual(['failed', 'sent']);
  });

  it('wait=false and no wait answer at once', async () => {
    await h.device('w-none');
    const r = await h.call('POST', `${BASE}?wait=false`, { user_id: 'w-none', title: 'hi' });
    expect(r.status).toBe(201);
    expect(r.headers.get('pushgate-wait')).toBeNull();
  });
});

describe('wait=receipt: until the receipt settled it', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await startHttp({ pushgate: { receiptDelayMs: 50 } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers "delivered" when the receipt is ok', async () => {
    await h.device('r-ok');
    const r = await h.call('POST', `${BASE}?wait=receipt`, { user_id: 'r-ok', title: 'hi' });
    expect(r.body.status).toBe('delivered');
    expect(r.body.deliveries[0]).toMatchObject({ state: 'delivered' });
    expect(r.body.deliveries[0].completed_at).not.toBeNull();
  });

  it('answers "failed" when the receipt says DeviceNotRegistered', async () => {
    const t = await h.device('r-dead');
    h.fake.faults.deviceNotRegisteredAtReceipt.add(t);
    const r = await h.call('POST', `${BASE}?wait=receipt`, { user_id: 'r-dead', title: 'hi' });
    expect(r.body.status).toBe('failed');
    expect(r.body.deliveries[0]).toMatchObject({ state: 'failed', error_code: 'DeviceNotRegistered' });
  });

  it('a batch with wait=true answers once nothing is in progress', async () => {
    for (const u of ['rb1', 'rb2', 'rb3']) await h.device(u);
    const r = await h.call('POST', `${BASE}/batch?wait=true`, { user_ids: ['rb1', 'rb2', 'rb3', 'rb-none'], payload: { title: 'b' } });
    expect(r.headers.get('pushgate-wait')).toBe('settled');
    expect(r.body).toMatchObject({ total: 4, queued: 3, skipped: 1, in_progress: 0, failed: 0, skipped_user_ids: ['rb-none'] });
    expect(r.body.sent + r.body.delivered).toBe(3);
  });
});

describe('bounds', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await startHttp({});
    h.fake.faults.latencyMs = 1_500;
  });
  afterAll(async () => {
    await h.close();
  });

  it('timeout_ms bounds the wait: the answer comes with the current status and pushgate-wait: timeout', async () => {
    await h.device('slow');
    const started = Date.now();
    const r = await h.call('POST', `${BASE}?wait=true&timeout_ms=200`, { user_id: 'slow', title: 'hi' });
    expect(Date.now() - started).toBeLessThan(1_200);
    expect(r.status).toBe(201);
    expect(r.headers.get('pushgate-wait')).toBe('timeout');
    expect(['queued', 'sending']).toContain(r.body.status);
  });

  it('closing the server ends every wait at once (pushgate-wait: aborted)', async () => {
    await h.device('slow-2');
    const started = Date.now();
    const pending = h.call('POST', `${BASE}?wait=receipt&timeout_ms=60000`, { user_id: 'slow-2', title: 'hi' });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const closing = h.app.close();
    const r = await pending;
    await closing;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(r.status).toBe(201);
    expect(r.headers.get('pushgate-wait')).toBe('aborted');
  });
});
