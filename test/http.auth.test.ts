/** API keys: Bearer on every endpoint but health and docs; configured and stored keys; revocation; no-auth mode. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashKey } from '../src/core/api-keys.js';
import { BASE, DOUBLED, type HttpHarness, KEY, startHttp } from './support/http.js';

let h: HttpHarness;
beforeAll(async () => {
  h = await startHttp({ pushgate: { runEngine: false }, server: { apiKeys: [KEY, 'second-configured-key'] } });
});
afterAll(async () => {
  await h.close();
});

const PROTECTED: [string, string][] = [
  ['GET', BASE],
  ['POST', BASE],
  ['GET', `${BASE}/ntf_x`],
  ['PUT', `${BASE}/ntf_x`],
  ['DELETE', `${BASE}/ntf_x`],
  ['POST', `${BASE}/batch`],
  ['GET', `${BASE}/batch/bat_x`],
  ['POST', `${BASE}/device-tokens`],
  ['DELETE', `${BASE}/device-tokens/ExponentPushToken[x]`],
  ['GET', DOUBLED],
  ['POST', `${DOUBLED}/batch`],
  ['GET', '/api/v1/users/u/status'],
  ['POST', '/api/v1/users/u/pause'],
  ['POST', '/api/v1/users/u/resume'],
  ['GET', '/api/v1/users/u/notifications'],
  ['DELETE', '/api/v1/users/u/notifications'],
  ['GET', '/metrics'],
];

describe('401 Unauthorized', () => {
  it('without a key, on every protected endpoint (before any validation)', async () => {
    for (const [method, path] of PROTECTED) {
      const r = await h.call(method, path, method === 'GET' || method === 'DELETE' ? undefined : '{bad json', { authorization: '' });
      expect([method, path, r.status, r.body.error.code]).toEqual([method, path, 401, 'Unauthorized']);
      expect(r.headers.get('www-authenticate')).toContain('Bearer');
    }
  });

  it('with a wrong key, a wrong scheme, or an empty bearer', async () => {
    for (const authorization of [
      'Bearer nope',
      `Basic ${Buffer.from('a:b').toString('base64')}`,
      'Bearer',
      'Bearer ',
      KEY,
      `Bearer ${KEY}x`,
      `Bearer ${'k'.repeat(600)}`,
    ]) {
      const r = await h.call('GET', BASE, undefined, { authorization });
      expect([authorization.slice(0, 20), r.status, r.body.error.code]).toEqual([authorization.slice(0, 20), 401, 'Unauthorized']);
    }
  });

  it('says what is wrong with the header and how to send the key, without echoing the key', async () => {
    const cases: [string, RegExp][] = [
      [KEY, /no scheme: put "Bearer " before the key/],
      [`Basic ${Buffer.from('a:b').toString('base64')}`, /scheme is "Basic", not Bearer/],
      ['Bearer', /no key after "Bearer"/],
      ['', /missing API key/],
      ['Bearer nope', /invalid API key/],
    ];
    for (const [authorization, message] of cases) {
      const r = await h.call('GET', BASE, undefined, { authorization });
      expect(r.status).toBe(401);
      expect(r.body.error.message).toMatch(message);
      expect(r.body.error.message).toContain(authorization === 'Bearer nope' ? 'API key' : 'Authorization: Bearer <key>');
      if (authorization.length > 10) expect(r.text).not.toContain(authorization);
    }
  });

  it('with a revoked stored key, right after revocation', async () => {
    const { id, key } = await h.pushgate.createApiKey({ name: 'temp' });
    expect((await h.call('GET', BASE, undefined, { authorization: `Bearer ${key}` })).status).toBe(200);
    expect(await h.pushgate.revokeApiKey({ id })).toBe(true);
    const r = await h.call('GET', BASE, undefined, { authorization: `Bearer ${key}` });
    expect(r.status).toBe(401);
    expect(r.body.error.message).toContain('revoked');
  });
});

describe('accepted keys', () => {
  it('every configured key, and stored keys (kept only as SHA-256 hashes)', async () => {
    expect((await h.call('GET', BASE, undefined, { authorization: `Bearer ${KEY}` })).status).toBe(200);
    expect((await h.call('GET', BASE, undefined, { authorization: 'bearer second-configured-key' })).status).toBe(200);
    const { key, prefix } = await h.pushgate.createApiKey({ name: 'stored' });
    expect(key).toMatch(/^pgk_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(prefix)).toBe(true);
    expect(await h.store.findApiKeyByHash(hashKey(key))).toMatchObject({ revokedAt: null });
    expect(JSON.stringify(await h.store.listApiKeys())).not.toContain(key);
    expect((await h.call('GET', BASE, undefined, { authorization: `Bearer ${key}` })).status).toBe(200);
  });

  it('health, readiness and the API documentation need no key', async () => {
    for (const path of ['/healthz', '/readyz', '/openapi.json', '/docs']) {
      const r = await h.call('GET', path, undefined, { authorization: '' });
      expect([path, r.status]).toEqual([path, 200]);
    }
  });

  it('unknown routes answer 401 without a key (routes are not revealed) and 404 with one', async () => {
    expect((await h.call('GET', '/admin', undefined, { authorization: '' })).status).toBe(401);
    expect((await h.call('GET', '/admin')).status).toBe(404);
  });
});

describe('--insecure-no-auth', () => {
  it('serves every endpoint without a key', async () => {
    const open = await startHttp({ pushgate: { runEngine: false }, server: { insecureNoAuth: true } });
    try {
      expect((await open.call('GET', BASE, undefined, { authorization: '' })).status).toBe(200);
      expect((await open.call('GET', '/metrics', undefined, { authorization: 'Bearer anything' })).status).toBe(200);
    } finally {
      await open.close();
    }
  });
});
