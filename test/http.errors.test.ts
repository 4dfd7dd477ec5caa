/** Every error case: the right status, a stable code, and always the one error shape. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BATCH_USERS } from '../src/http/batch.js';
import { token } from './support/harness.js';
import { BASE, type CallResult, type HttpHarness, startHttp } from './support/http.js';

let h: HttpHarness;
beforeAll(async () => {
  h = await startHttp();
});
afterAll(async () => {
  await h.close();
});

/** The one error shape: exactly `{error: {code, message, details?}}`. */
function expectError(r: CallResult, status: number, code: string) {
  expect({ status: r.status, code: r.body?.error?.code }).toEqual({ status, code });
  expect(Object.keys(r.body)).toEqual(['error']);
  expect(typeof r.body.error.message).toBe('string');
  expect(r.body.error.message.length).toBeGreaterThan(0);
  for (const key of Object.keys(r.body.error)) expect(['code', 'message', 'details']).toContain(key);
  expect(r.headers.get('content-type')).toContain('application/json');
}

describe('request bodies', () => {
  it('400 InvalidJson for malformed JSON', async () => {
    for (const body of ['{not json', '{"user_id": "u",}', '[1, 2', '"unterminated']) {
      expectError(await h.call('POST', BASE, body), 400, 'InvalidJson');
    }
  });

  it('400 ValidationError naming the field for missing fields and wrong types', async () => {
    const missing = await h.call('POST', BASE, { title: 'no user' });
    expectError(missing, 400, 'ValidationError');
    expect(missing.body.error.details).toContainEqual(expect.objectContaining({ path: 'body.user_id' }));

    const wrongType = await h.call('POST', BASE, { user_id: 'u', badge: 'seven' });
    expectError(wrongType, 400, 'ValidationError');
    expect(wrongType.body.error.details).toContainEqual(expect.objectContaining({ path: 'body.badge', code: 'invalid_type' }));

    expectError(await h.call('POST', BASE, { user_id: 'u', data: 'not an object' }), 400, 'ValidationError');
    expectError(await h.call('POST', BASE, { user_id: 'u', priority: 'urgent' }), 400, 'ValidationError');
    expectError(await h.call('POST', BASE, { user_id: '', title: 'x' }), 400, 'ValidationError');
    expectError(await h.call('POST', BASE, { user_id: 'u'.repeat(256), title: 'x' }), 400, 'ValidationError');
    expectError(await h.call('POST', BASE, { user_id: 'u', send_at: 'tomorrow' }), 400, 'ValidationError');
  });

  it('400 ValidationError for a body that is not an object, or none at all', async () => {
    for (const body of ['[]', 'null', '42', '"text"', 'true']) expectError(await h.call('POST', BASE, body), 400, 'ValidationError');
    expectError(await h.call('POST', BASE, '', { 'content-type': 'application/json' }), 400, 'ValidationError');
    expectError(await h.call('POST', `${BASE}/batch`), 400, 'ValidationError');
  });

  it('400 UnknownField naming an unknown field and the closest known one, on every body; nothing is sent', async () => {
    await h.device('mentor-55');
    const typo = await h.call('POST', BASE, { user_id: 'mentor-55', titel: 'typo', body: 'b' });
    expectError(typo, 400, 'UnknownField');
    expect(typo.body.error.message).toContain('"titel" (did you mean "title"?)');
    expect(typo.body.error.message).toContain('"expo"');
    expect(typo.body.error.details).toMatchObject({ fields: [{ name: 'titel', did_you_mean: 'title' }], path: 'body' });
    const misplaced = await h.call('POST', `${BASE}/batch`, { user_ids: ['u'], payload: {}, title: 'misplaced' });
    expectError(misplaced, 400, 'UnknownField');
    expect(misplaced.body.error.message).toContain('"title"');
    const nested = await h.call('POST', `${BASE}/batch`, { user_ids: ['u'], payload: { bdy: 'x' } });
    expectError(nested, 400, 'UnknownField');
    expect(nested.body.error.message).toContain('"bdy" (did you mean "body"?) in body.payload');
    const colour = await h.call('POST', `${BASE}/device-tokens`, { user_id: 'u', token: token(), colour: 'red' });
    expectError(colour, 400, 'UnknownField');
    expect(colour.body.error.message).toContain('"colour"');
    const sound = await h.call('POST', BASE, { user_id: 'mentor-55', sound: { name: 'default', volumn: 1 } });
    expectError(sound, 400, 'UnknownField');
    expect(sound.body.error.message).toContain('"volumn" (did you mean "volume"?) in body.sound');
    expect((await h.call('GET', `${BASE}?user_id=mentor-55`)).body.pagination.total).toBe(0);
    expect(h.fake.stats().messagesReceived).toBe(0);
  });

  it('fields Expo adds later go inside "expo" and are stored (and sent) beside the known ones', async () => {
    await h.device('future');
    const r = await h.call('POST', BASE, { user_id: 'future', title: 't', expo: { someNewField: { a: 1 } } });
    expect(r.status).toBe(201);
    expect(r.body.content).toEqual({ title: 't', someNewField: { a: 1 } });
    const clash = await h.call('POST', BASE, { user_id: 'future', expo: { title: 't' } });
    expectError(clash, 400, 'ValidationError');
    expect(clash.body.error.message).toContain('"title"');
  });

  it('400 ForbiddenKey for a __proto__ key (valid JSON, refused by name), never a 500 or a polluted prototype', async () => {
    await h.device('proto');
    const raw = '{"user_id":"proto","title":"x","data":{"__proto__":{"polluted":true}}}';
    const r = await h.call('POST', BASE, raw);
    expectError(r, 400, 'ForbiddenKey');
    expect(r.body.error.details).toEqual({ path: 'body.data.__proto__' });
    expectError(await h.call('POST', BASE, '{"__proto__":{"user_id":"proto"},"user_id":"proto"}'), 400, 'ForbiddenKey');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // "constructor" is an ordinary key.
    expect((await h.call('POST', BASE, { user_id: 'proto', data: { constructor: { prototype: 1 } } })).status).toBe(201);
  });

  it('400 NestingTooDeep for a body nested 10,000 deep, in data or anywhere (was a 500 from a stack overflow)', async () => {
    await h.device('deep');
    const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const inData = await h.call('POST', BASE, `{"user_id":"deep","data":${deep}}`);
    expectError(inData, 400, 'NestingTooDeep');
    expectError(await h.call('POST', `${BASE}/batch`, `{"user_ids":["deep"],"payload":{"data":${deep}}}`), 400, 'NestingTooDeep');
    expectError(await h.call('POST', BASE, `[${'['.repeat(10_000)}${']'.repeat(10_000)}]`), 400, 'NestingTooDeep');
    // Deep but within the notification's limit of 32 levels: accepted.
    const ok = `${'{"a":'.repeat(20)}1${'}'.repeat(20)}`;
    expect((await h.call('POST', BASE, `{"user_id":"deep","data":${ok}}`)).status).toBe(201);
    const tooDeepForExpo = `${'{"a":'.repeat(40)}1${'}'.repeat(40)}`;
    expectError(await h.call('POST', BASE, `{"user_id":"deep","data":${tooDeepForExpo}}`), 400, 'NestingTooDeep');
  });

  it('413 PayloadTooLarge for a body over the size limit (1 MiB by default)', async () => {
    const r = await h.call('POST', BASE, JSON.stringify({ user_id: 'u', title: 'x'.repeat(2 * 1024 * 1024) }));
    expectError(r, 413, 'PayloadTooLarge');
  });

  it('415 UnsupportedMediaType for a body that is not JSON, or compressed', async () => {
    expectError(await h.call('POST', BASE, 'user_id=u', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'UnsupportedMediaType');
    expectError(await h.call('POST', BASE, '{"user_id":"u"}', { 'content-type': 'text/plain' }), 415, 'UnsupportedMediaType');
    expectError(await h.call('POST', BASE, '{"user_id":"u"}', { 'content-type': 'application/json', 'content-encoding': 'gzip' }), 415, 'UnsupportedMediaType');
  });
});

describe('domain errors', () => {
  it('400 InvalidToken for a token that is not an Expo push token', async () => {
    for (const bad of [
      'abc123devicetoken',
      'ExponentPushToken[]',
      'ExponentPushToken[a b]',
      'FooPushToken[x]',
      '',
      'ExponentPushToken[a\u0000b]',
      'ExpoPushToken[a\nb]',
    ]) {
      const r = await h.call('POST', `${BASE}/device-tokens`, { user_id: 'mentor-42', token: bad, platform: 'ios' });
      expectError(r, 400, 'InvalidToken');
      expect(r.body.error.details[0].path).toBe('body.token');
    }
    expectError(await h.call('DELETE', `${BASE}/device-tokens/abc123devicetoken`), 400, 'InvalidToken');
  });

  it('413 MessageTooBig for a message over 4096 bytes, and nothing is stored', async () => {
    await h.device('big');
    const r = await h.call('POST', BASE, { user_id: 'big', title: 'x', data: { blob: 'y'.repeat(5000) } });
    expectError(r, 413, 'MessageTooBig');
    expect(r.body.error.details).toMatchObject({ limit: 4096 });
    const batch = await h.call('POST', `${BASE}/batch`, { user_ids: ['big'], payload: { body: 'z'.repeat(4100) } });
    expectError(batch, 413, 'MessageTooBig');
    expect((await h.call('GET', `${BASE}?user_id=big`)).body.pagination.total).toBe(0);
  });

  it('422 NoActiveDevices for a user without a registered token', async () => {
    const r = await h.call('POST', BASE, { user_id: 'nobody-at-all', title: 'x' });
    expectError(r, 422, 'NoActiveDevices');
    expect(r.body.error.details).toEqual({ user_id: 'nobody-at-all' });
    // Says what to do next: register the device.
    expect(r.body.error.message).toContain('POST /api/v1/push-notifications/device-tokens');
  });

  it('409 UserPaused names the resume endpoint, and following it lets the send through', async () => {
    await h.device('paused-user');
    expect((await h.call('POST', '/api/v1/users/paused-user/pause')).status).toBe(200);
    const r = await h.call('POST', BASE, { user_id: 'paused-user', title: 'x' });
    expectError(r, 409, 'UserPaused');
    expect(r.body.error.message).toContain('POST /api/v1/users/paused-user/resume');
    expect(r.body.error.details).toEqual({ user_id: 'paused-user', resume: '/api/v1/users/paused-user/resume' });
    expect((await h.call('POST', r.body.error.details.resume)).status).toBe(200);
    expect((await h.call('POST', BASE, { user_id: 'paused-user', title: 'x' })).status).toBe(201);
  });

  it('404 NotFound for unknown ids on every id endpoint', async () => {
    expectError(await h.call('GET', `${BASE}/notif-0055`), 404, 'NotFound');
    expectError(await h.call('GET', `${BASE}/ntf_unknown`), 404, 'NotFound');
    expectError(await h.call('PUT', `${BASE}/ntf_unknown`, { status: 'opened' }), 404, 'NotFound');
    expectError(await h.call('DELETE', `${BASE}/ntf_unknown`), 404, 'NotFound');
    expectError(await h.call('GET', `${BASE}/batch/bat_unknown`), 404, 'NotFound');
    expectError(await h.call('DELETE', `${BASE}/device-tokens/ExponentPushToken[never-registered]`), 404, 'NotFound');
  });

  it(`400 TooManyUserIds above ${MAX_BATCH_USERS} user ids; exactly ${MAX_BATCH_USERS} long ids are accepted`, async () => {
    const tooMany = await h.call('POST', `${BASE}/batch`, {
      user_ids: Array.from({ length: MAX_BATCH_USERS + 1 }, (_, i) => `u${i}`),
      payload: { title: 't' },
    });
    expectError(tooMany, 400, 'TooManyUserIds');
    // 10,000 ids of 200 characters: over the 1 MiB general limit, within the batch endpoint's 4 MiB.
    const ids = Array.from({ length: MAX_BATCH_USERS }, (_, i) => `${i}-`.padEnd(200, 'x'));
    const r = await h.call('POST', `${BASE}/batch`, { user_ids: ids, payload: { title: 't' } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ total: MAX_BATCH_USERS, queued: 0, skipped: MAX_BATCH_USERS });
    expectError(await h.call('POST', `${BASE}/batch`, { user_ids: [], payload: {} }), 400, 'ValidationError');
  });

  it('PUT accepts only opened: 400 listing only the settable status for any other, 409 InvalidTransition for an unsent notification', async () => {
    await h.device('put-user');
    const later = await h.call('POST', BASE, { user_id: 'put-user', title: 'later', send_at: '2999-01-01T00:00:00Z' });
    expect(later.body.status).toBe('queued');
    for (const status of ['delivered', 'read', 'queued']) {
      const r = await h.call('PUT', `${BASE}/${later.body.id}`, { status });
      expectError(r, 400, 'ValidationError');
      // Lists only what a client may set, not every status Pushgate has.
      expect(r.body.error.message).toContain('"opened"');
      expect(r.body.error.message).not.toMatch(/delivered|maybe_delivered|retrying/);
    }
    expectError(await h.call('PUT', `${BASE}/${later.body.id}`, { status: 'opened' }), 409, 'InvalidTransition');
    expectError(await h.call('PUT', `${BASE}/${later.body.id}`, { status: 'opened', opened_at: 'now' }), 400, 'ValidationError');
    expectError(await h.call('PUT', `${BASE}/${later.body.id}`, { status: 'opened', extra: 1 }), 400, 'UnknownField');
    expectError(await h.call('PUT', `${BASE}/${later.body.id}`, {}), 400, 'ValidationError');
  });
});

describe('queries, headers and routes', () => {
  it('400 UnknownParameter naming an unknown query parameter and the one meant, also where a route takes none', async () => {
    const user = await h.call('GET', `${BASE}?user=mentor-42`);
    expectError(user, 400, 'UnknownParameter');
    expect(user.body.error.message).toContain('"user" (did you mean "user_id"?)');
    for (const q of ['per_page=5', 'offset=10', 'sort=asc']) {
      const r = await h.call('GET', `${BASE}?${q}`);
      expectError(r, 400, 'UnknownParameter');
      expect(r.body.error.message).toContain(q.split('=')[0]);
    }
    const none = await h.call('GET', `${BASE}/ntf_x?verbose=1`);
    expectError(none, 400, 'UnknownParameter');
    expect(none.body.error.message).toContain('takes none');
    expectError(await h.call('GET', '/api/v1/users/u/notifications?limt=5'), 400, 'UnknownParameter');
  });

  it('400 ValidationError for bad query parameters', async () => {
    for (const q of ['limit=0', 'limit=201', 'limit=abc', 'page=0', 'page=1.5', 'status=nope', 'from=yesterday', 'to=2026-13-01T00:00:00Z']) {
      expectError(await h.call('GET', `${BASE}?${q}`), 400, 'ValidationError');
    }
    for (const q of ['wait=maybe', 'timeout_ms=0', 'timeout_ms=600000']) {
      expectError(await h.call('POST', `${BASE}?${q}`, { user_id: 'u', title: 'x' }), 400, 'ValidationError');
    }
  });

  it('400 InvalidIdempotencyKey for an unusable Idempotency-Key', async () => {
    await h.device('idem-bad');
    expectError(await h.call('POST', BASE, { user_id: 'idem-bad', title: 'x' }, { 'idempotency-key': 'k'.repeat(256) }), 400, 'InvalidIdempotencyKey');
  });

  it('405 MethodNotAllowed with Allow for another method on a known path; 404 for unknown routes; 400 BadUrl for a malformed URL', async () => {
    expectError(await h.call('GET', '/no/such/route'), 404, 'NotFound');
    const patch = await h.call('PATCH', `${BASE}/ntf_x`, { status: 'opened' });
    expectError(patch, 405, 'MethodNotAllowed');
    expect(patch.headers.get('allow')).toBe('DELETE, GET, HEAD, PUT');
    expect(patch.body.error.message).toContain('PATCH is not served');
    const batch = await h.call('DELETE', `${BASE}/batch/bat_x`);
    expectError(batch, 405, 'MethodNotAllowed');
    expect(batch.headers.get('allow')).toBe('GET, HEAD');
    const users = await h.call('GET', '/api/v1/users/u/pause');
    expectError(users, 405, 'MethodNotAllowed');
    expect(users.headers.get('allow')).toBe('POST');
    expectError(await h.call('GET', '/api/v1/push-notifications/device-tokens/x/y'), 404, 'NotFound');
    expectError(await h.call('GET', `${BASE}/%E0%A4%A`), 400, 'BadUrl');
  });
});

describe('failures inside Pushgate', () => {
  it('an unexpected error is a 500 that names only the request id; a closed instance answers 503', async () => {
    const broken = await startHttp({ pushgate: { runEngine: false } });
    try {
      await broken.store.close(); // the database goes away under the server
      const r = await broken.call('GET', BASE);
      expectError(r, 500, 'InternalError');
      expect(r.body.error.message).toBe('an unexpected error occurred');
      expect(r.body.error.details).toEqual({ request_id: r.headers.get('x-request-id') });
      expect(r.text).not.toMatch(/sqlite|database|stack|at \w+ \(/i);
    } finally {
      await broken.app.close();
      await broken.fake.close();
    }
    const closed = await startHttp({ pushgate: { runEngine: false } });
    try {
      await closed.pushgate.close();
      expectError(await closed.call('GET', BASE), 503, 'ShuttingDown');
    } finally {
      await closed.app.close();
      await closed.fake.close();
    }
  });
});
