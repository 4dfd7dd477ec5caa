/** Idempotency-Key on the POST endpoints: a repeat returns the first answer and queues nothing new. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, type HttpHarness, startHttp } from './support/http.js';

let h: HttpHarness;
beforeAll(async () => {
  h = await startHttp();
});
afterAll(async () => {
  await h.close();
});

const total = async (user: string) => (await h.call('GET', `${BASE}?user_id=${user}`)).body.pagination.total as number;

describe('POST /', () => {
  it('a repeat returns the same status and body, marked replayed, and Expo sees one message', async () => {
    await h.device('idem');
    const sentBefore = h.fake.stats().messagesAccepted;
    const first = await h.call('POST', `${BASE}?wait=true`, { user_id: 'idem', title: 'once' }, { 'idempotency-key': 'order-1' });
    const second = await h.call('POST', `${BASE}?wait=true`, { user_id: 'idem', title: 'once' }, { 'idempotency-key': 'order-1' });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await total('idem')).toBe(1);
    expect(h.fake.stats().messagesAccepted - sentBefore).toBe(1);
  });

  it("a replay has the first answer's Location and Pushgate-Wait headers", async () => {
    await h.device('idem-headers');
    const body = { user_id: 'idem-headers', title: 'where' };
    const first = await h.call('POST', `${BASE}?wait=true`, body, { 'idempotency-key': 'headers-1' });
    const second = await h.call('POST', `${BASE}?wait=true`, body, { 'idempotency-key': 'headers-1' });
    // A replay asked without ?wait= is still the first answer, headers included.
    const third = await h.call('POST', BASE, body, { 'idempotency-key': 'headers-1' });
    expect(first.status).toBe(201);
    expect(first.headers.get('location')).toBe(`${BASE}/${first.body.id}`);
    expect(first.headers.get('pushgate-wait')).toBe('settled');
    for (const replay of [second, third]) {
      expect(replay.status).toBe(201);
      expect(replay.body).toEqual(first.body);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.headers.get('location')).toBe(first.headers.get('location'));
      expect(replay.headers.get('pushgate-wait')).toBe('settled');
    }
    // The Location of a replay leads to the notification.
    const read = await h.call('GET', second.headers.get('location')!);
    expect(read.status).toBe(200);
    expect(read.body.id).toBe(first.body.id);
  });

  it('a replay of an answer without ?wait= has its Location and no Pushgate-Wait', async () => {
    await h.device('idem-nowait');
    const body = { user_id: 'idem-nowait', title: 'no wait' };
    const first = await h.call('POST', BASE, body, { 'idempotency-key': 'headers-2' });
    const second = await h.call('POST', `${BASE}?wait=true`, body, { 'idempotency-key': 'headers-2' });
    expect(first.headers.get('location')).toBe(`${BASE}/${first.body.id}`);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(first.headers.get('pushgate-wait')).toBeNull();
    expect(second.headers.get('pushgate-wait')).toBeNull();
  });

  it('the same body in another key order is the same request', async () => {
    await h.device('idem-order');
    const a = await h.call('POST', BASE, { user_id: 'idem-order', title: 't', body: 'b' }, { 'idempotency-key': 'order-2' });
    const b = await h.call('POST', BASE, { body: 'b', title: 't', user_id: 'idem-order' }, { 'idempotency-key': 'order-2' });
    expect(b.body.id).toBe(a.body.id);
    expect(await total('idem-order')).toBe(1);
  });

  it('concurrent repeats store one notification', async () => {
    await h.device('idem-race');
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => h.call('POST', BASE, { user_id: 'idem-race', title: 'race' }, { 'idempotency-key': 'race-1' })),
    );
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.every((a) => a.status === 201)).toBe(true);
    expect(answers.map((a) => a.headers.get('location'))).toEqual(answers.map((a) => `${BASE}/${a.body.id}`));
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(answers.length - 1);
    expect(await total('idem-race')).toBe(1);
  });

  it('422 IdempotencyKeyReused when the key comes back with a different body', async () => {
    await h.device('idem-reuse');
    await h.call('POST', BASE, { user_id: 'idem-reuse', title: 'first' }, { 'idempotency-key': 'reuse-1' });
    const r = await h.call('POST', BASE, { user_id: 'idem-reuse', title: 'second' }, { 'idempotency-key': 'reuse-1' });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('IdempotencyKeyReused');
    expect(await total('idem-reuse')).toBe(1);
  });

  it('errors are not stored: after fixing the cause, the same key succeeds', async () => {
    const failed = await h.call('POST', BASE, { user_id: 'idem-late', title: 'x' }, { 'idempotency-key': 'late-1' });
    expect(failed.status).toBe(422);
    await h.device('idem-late');
    const ok = await h.call('POST', BASE, { user_id: 'idem-late', title: 'x' }, { 'idempotency-key': 'late-1' });
    expect(ok.status).toBe(201);
  });

  it('different keys, and no key, are different requests', async () => {
    await h.device('idem-many');
    await h.call('POST', BASE, { user_id: 'idem-many', title: 'x' }, { 'idempotency-key': 'a' });
    await h.call('POST', BASE, { user_id: 'idem-many', title: 'x' }, { 'idempotency-key': 'b' });
    await h.call('POST', BASE, { user_id: 'idem-many', title: 'x' });
    await h.call('POST', BASE, { user_id: 'idem-many', title: 'x' });
    expect(await total('idem-many')).toBe(4);
  });
});

describe('POST /batch, /device-tokens and the users endpoints', () => {
  it('a repeated batch returns the first batch id and counts, and queues nothing new', async () => {
    await h.device('b1');
    await h.device('b2');
    const body = { user_ids: ['b1', 'b2', 'b-none'], payload: { title: 'b' } };
    const first = await h.call('POST', `${BASE}/batch?wait=true`, body, { 'idempotency-key': 'batch-1' });
    const second = await h.call('POST', `${BASE}/batch`, body, { 'idempotency-key': 'batch-1' });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('pushgate-wait')).toBe('settled');
    expect(second.headers.get('pushgate-wait')).toBe('settled');
    expect(await total('b1')).toBe(1);
    expect(await total('b2')).toBe(1);
  });

  it('device tokens and pause replay their first answer', async () => {
    const t = 'ExponentPushToken[idem-device]';
    const first = await h.call('POST', `${BASE}/device-tokens`, { user_id: 'd1', token: t }, { 'idempotency-key': 'dev-1' });
    const second = await h.call('POST', `${BASE}/device-tokens`, { user_id: 'd1', token: t }, { 'idempotency-key': 'dev-1' });
    expect(second.body).toEqual(first.body);
    const pause1 = await h.call('POST', '/api/v1/users/d1/pause', undefined, { 'idempotency-key': 'pause-1' });
    const pause2 = await h.call('POST', '/api/v1/users/d1/pause', undefined, { 'idempotency-key': 'pause-1' });
    expect(pause2.body).toEqual(pause1.body);
    expect(pause2.headers.get('idempotent-replayed')).toBe('true');
  });

  it('a key is scoped to its endpoint', async () => {
    await h.device('scope');
    const send = await h.call('POST', BASE, { user_id: 'scope', title: 'x' }, { 'idempotency-key': 'shared' });
    const batch = await h.call('POST', `${BASE}/batch`, { user_ids: ['scope'], payload: { title: 'y' } }, { 'idempotency-key': 'shared' });
    expect(send.status).toBe(201);
    expect(batch.status).toBe(201);
    expect(batch.body.batch_id).toMatch(/^bat_/);
  });
});
