/**
 * The REST contract's own example requests, sent to all 8 endpoints under the base prefix and the
 * contract listing's literal doubled prefix; every response field name of the contract is checked,
 * and every response is checked against the schema /openapi.json publishes for it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchResponse } from '../src/http/batch.js';
import { deleteTokenResponse, deviceTokenResponse } from '../src/http/device-tokens.js';
import { deleteResponse, listResponse, updateResponse } from '../src/http/notifications.js';
import { batchProgressSchema, notificationDetailSchema } from '../src/http/present.js';
import { eventually } from './support/harness.js';
import { BASE, DOUBLED, type HttpHarness, keysOf, schemaIssues, startHttp } from './support/http.js';

// The contract's examples, verbatim.
const SEND_REQUEST = {
  user_id: 'mentor-42',
  title: 'Certification expiring soon',
  body: 'Your Peer Mentor Level 2 certification expires in 14 days. Please renew.',
  data: { screen: 'certifications', mentor_id: 'mentor-42' },
};
const PUT_REQUEST = { status: 'opened', opened_at: '2026-03-26T10:15:00Z' };
const BATCH_REQUEST = {
  user_ids: ['mentor-19', 'mentor-55', 'mentor-78'],
  payload: {
    title: 'Certification renewal reminder',
    body: 'Your certification is expiring soon. Please take action.',
    data: { screen: 'certifications' },
  },
};
const TOKEN_REQUEST = { user_id: 'mentor-42', token: 'ExponentPushToken[xxxxxx]', platform: 'ios' };

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

for (const [name, base] of [
  ['base prefix', BASE],
  ['doubled prefix', DOUBLED],
] as const) {
  describe(`the 8 contract endpoints under the ${name} (${base})`, () => {
    let h: HttpHarness;
    beforeAll(async () => {
      h = await startHttp();
    });
    afterAll(async () => {
      await h.close();
    });

    it('POST /device-tokens registers the example token', async () => {
      const r = await h.call('POST', `${base}/device-tokens`, TOKEN_REQUEST);
      expect(r.status).toBe(201);
      for (const field of ['id', 'user_id', 'token', 'platform', 'registered_at']) expect(r.body).toHaveProperty(field);
      expect(r.body).toMatchObject(TOKEN_REQUEST);
      expect(r.body.id).toMatch(/^dev_/);
      expect(r.body.registered_at).toMatch(ISO);
      expect(schemaIssues(deviceTokenResponse, r.body)).toEqual([]);
    });

    let sentId = '';
    it('POST / sends the example; ?wait=receipt gives the example its "delivered"', async () => {
      const r = await h.call('POST', `${base}?wait=receipt`, SEND_REQUEST);
      expect(r.status).toBe(201);
      for (const field of ['id', 'user_id', 'title', 'body', 'data', 'status', 'sent_at']) expect(r.body).toHaveProperty(field);
      expect(r.body).toMatchObject({ ...SEND_REQUEST, status: 'delivered' });
      expect(r.body.sent_at).toMatch(ISO);
      expect(r.headers.get('pushgate-wait')).toBe('settled');
      expect(r.headers.get('location')).toBe(`${base}/${r.body.id}`);
      expect(schemaIssues(notificationDetailSchema, r.body)).toEqual([]);
      sentId = r.body.id;
    });

    it('POST / without wait answers at once with the stored status', async () => {
      const r = await h.call('POST', base, SEND_REQUEST);
      expect(r.status).toBe(201);
      expect(['queued', 'sending', 'sent']).toContain(r.body.status);
      expect(r.headers.get('pushgate-wait')).toBeNull();
      await eventually(async () => (await h.call('GET', `${base}/${r.body.id}`)).body.status === 'delivered', 'delivered');
    });

    it('GET /:id has every field of the contract, plus the deliveries', async () => {
      const r = await h.call('GET', `${base}/${sentId}`);
      expect(r.status).toBe(200);
      for (const field of ['id', 'user_id', 'title', 'body', 'data', 'platform', 'device_token', 'status', 'sent_at', 'opened_at']) {
        expect(r.body).toHaveProperty(field);
      }
      expect(r.body).toMatchObject({
        id: sentId,
        ...SEND_REQUEST,
        platform: 'ios',
        device_token: 'ExponentPushToken[xxxxxx]',
        status: 'delivered',
        opened_at: null,
      });
      expect(r.body.deliveries).toHaveLength(1);
      expect(r.body.deliveries[0]).toMatchObject({ state: 'delivered', attempts: 1, device_token: 'ExponentPushToken[xxxxxx]', platform: 'ios' });
      expect(r.body.deliveries[0].ticket_id).toEqual(expect.any(String));
      expect(schemaIssues(notificationDetailSchema, r.body)).toEqual([]);
    });

    it('GET / lists with the contract pagination', async () => {
      const r = await h.call('GET', base);
      expect(r.status).toBe(200);
      expect(keysOf(r.body)).toEqual(['data', 'pagination']);
      expect(r.body.pagination).toEqual({ page: 1, limit: 20, total: 2 });
      for (const item of r.body.data) {
        for (const field of ['id', 'user_id', 'title', 'body', 'status', 'sent_at']) expect(item).toHaveProperty(field);
      }
      expect(r.body.data.map((n: { id: string }) => n.id)).toContain(sentId);
      expect(schemaIssues(listResponse, r.body)).toEqual([]);
    });

    it('PUT /:id marks it opened with the example body', async () => {
      const r = await h.call('PUT', `${base}/${sentId}`, PUT_REQUEST);
      expect(r.status).toBe(200);
      expect(keysOf(r.body)).toEqual(['id', 'opened_at', 'status', 'updated_at']);
      expect(r.body).toMatchObject({ id: sentId, status: 'opened', opened_at: '2026-03-26T10:15:00.000Z' });
      expect(r.body.updated_at).toMatch(ISO);
      expect(schemaIssues(updateResponse, r.body)).toEqual([]);
      const after = await h.call('GET', `${base}/${sentId}`);
      expect(after.body).toMatchObject({ status: 'opened', opened_at: '2026-03-26T10:15:00.000Z' });
    });

    it('POST /batch sends the example to three users; GET /batch/:id follows it to delivered', async () => {
      for (const user of BATCH_REQUEST.user_ids) await h.device(user, 'android');
      const r = await h.call('POST', `${base}/batch?wait=true`, BATCH_REQUEST);
      expect(r.status).toBe(201);
      for (const field of ['batch_id', 'total', 'delivered', 'failed', 'sent_at', 'queued', 'skipped']) expect(r.body).toHaveProperty(field);
      expect(r.body).toMatchObject({ total: 3, queued: 3, skipped: 0, failed: 0, in_progress: 0, skipped_user_ids: [] });
      expect(r.body.delivered + r.body.sent).toBe(3);
      expect(r.body.batch_id).toMatch(/^bat_/);
      expect(r.body.sent_at).toMatch(ISO);
      expect(schemaIssues(batchResponse, r.body)).toEqual([]);
      const progress = (await eventually(async () => {
        const p = await h.call('GET', `${base}/batch/${r.body.batch_id}`);
        return p.body.delivered === 3 ? p : null;
      }, 'batch delivered'))!;
      expect(progress.body).toMatchObject({ batch_id: r.body.batch_id, total: 3, delivered: 3, failed: 0, statuses: { delivered: 3 } });
      expect(schemaIssues(batchProgressSchema, progress.body)).toEqual([]);
    });

    it('DELETE /:id deletes the record', async () => {
      const r = await h.call('DELETE', `${base}/${sentId}`);
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ deleted: true, id: sentId });
      expect(schemaIssues(deleteResponse, r.body)).toEqual([]);
      expect((await h.call('GET', `${base}/${sentId}`)).status).toBe(404);
      expect((await h.call('DELETE', `${base}/${sentId}`)).status).toBe(404);
    });

    it('DELETE /device-tokens/:token removes the example token (raw or URL-encoded)', async () => {
      const r = await h.call('DELETE', `${base}/device-tokens/ExponentPushToken[xxxxxx]`);
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ deleted: true, token: 'ExponentPushToken[xxxxxx]', user_id: 'mentor-42' });
      expect(schemaIssues(deleteTokenResponse, r.body)).toEqual([]);
      const again = await h.call('DELETE', `${base}/device-tokens/${encodeURIComponent('ExponentPushToken[xxxxxx]')}`);
      expect(again.status).toBe(404);
      expect(again.body.error.code).toBe('NotFound');
      const t = await h.device('mentor-7');
      const encoded = await h.call('DELETE', `${base}/device-tokens/${encodeURIComponent(t)}`);
      expect(encoded.body).toEqual({ deleted: true, token: t, user_id: 'mentor-7' });
    });
  });
}

describe('a trailing slash is the same endpoint', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await startHttp({ pushgate: { runEngine: false } });
  });
  afterAll(async () => {
    await h.close();
  });
  it('GET /api/v1/push-notifications/ lists', async () => {
    const r = await h.call('GET', `${BASE}/`);
    expect(r.status).toBe(200);
    expect(r.body.pagination).toEqual({ page: 1, limit: 20, total: 0 });
  });
});
