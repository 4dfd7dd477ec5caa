/** Thousands of random and malformed requests against every endpoint: never a 5xx, the process stays up. */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type HttpHarness, KEY, startHttp } from './support/http.js';

let h: HttpHarness;
beforeAll(async () => {
  h = await startHttp({ pushgate: { runEngine: false } });
});
afterAll(async () => {
  await h.close();
});

const BASE = '/api/v1/push-notifications';
const paths = fc.constantFrom(
  BASE,
  `${BASE}/ntf_x`,
  `${BASE}/batch`,
  `${BASE}/batch/bat_x`,
  `${BASE}/device-tokens`,
  `${BASE}/device-tokens/ExponentPushToken%5Bx%5D`,
  `${BASE}${BASE}`,
  `${BASE}${BASE}/batch`,
  '/api/v1/users/u1/status',
  '/api/v1/users/u1/pause',
  '/api/v1/users/u1/notifications',
  '/openapi.json',
  '/metrics',
);
const methods = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH');
const jsonish = fc.oneof(
  fc.json(),
  fc.string(),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc
    .record(
      {
        user_id: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
        title: fc.oneof(fc.string(), fc.integer()),
        data: fc.oneof(fc.object(), fc.string(), fc.array(fc.integer())),
        badge: fc.oneof(fc.integer(), fc.string()),
        sound: fc.oneof(fc.string(), fc.object()),
        user_ids: fc.array(fc.oneof(fc.string(), fc.integer())),
        payload: fc.oneof(fc.object(), fc.string()),
        token: fc.string(),
        status: fc.string(),
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
);
const queries = fc.constantFrom('', '?wait=true&timeout_ms=5', '?page=-1', '?limit=abc', '?status=nope', '?from=yesterday', '?cursor=%00', '?wait=maybe');
const contentTypes = fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-8', 'application/x-www-form-urlencoded');

it('never answers 5xx to thousands of random requests', { timeout: 120_000 }, async () => {
  let count = 0;
  await fc.assert(
    fc.asyncProperty(methods, paths, queries, jsonish, contentTypes, async (method, path, query, body, contentType) => {
      const response = await h.app.inject({
        method: method as 'GET',
        url: path + query,
        headers: { authorization: `Bearer ${KEY}`, 'content-type': contentType },
        payload: method === 'GET' || method === 'DELETE' ? undefined : body,
      });
      count++;
      if (response.statusCode >= 500) throw new Error(`${method} ${path}${query} -> ${response.statusCode}: ${response.body}`);
      if (response.statusCode >= 400) {
        const parsed = JSON.parse(response.body);
        expect(typeof parsed.error.code).toBe('string');
      }
    }),
    { numRuns: 3000 },
  );
  expect(count).toBeGreaterThanOrEqual(3000);
  expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
});
