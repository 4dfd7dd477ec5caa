/**
 * POST /device-tokens/import: a backend's whole token table in a few requests (100,000 tokens in
 * four), a result per item in request order, a bad item refused without refusing the rest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_IMPORT_TOKENS } from '../src/http/device-tokens.js';
import { token } from './support/harness.js';
import { BASE, type HttpHarness, startHttp } from './support/http.js';

let h: HttpHarness;
beforeAll(async () => {
  h = await startHttp({ pushgate: { runEngine: false } });
});
afterAll(async () => {
  await h.close();
});

const IMPORT = `${BASE}/device-tokens/import`;

describe('POST /device-tokens/import', () => {
  it('imports 100,000 tokens in four requests, each answered with one result per item', async () => {
    const total = 100_000;
    let registered = 0;
    for (let start = 0; start < total; start += MAX_IMPORT_TOKENS) {
      const tokens = Array.from({ length: MAX_IMPORT_TOKENS }, (_, k) => ({
        user_id: `bulk-${(start + k) % 40_000}`,
        token: `ExponentPushToken[bulk-${start + k}]`,
        platform: k % 2 === 0 ? 'ios' : 'android',
      }));
      const r = await h.call('POST', IMPORT, { tokens });
      expect(r.status).toBe(200);
      expect(r.body.refused).toBe(0);
      expect(r.body.results).toHaveLength(MAX_IMPORT_TOKENS);
      expect(r.body.results[7]).toMatchObject({ index: 7, status: 'registered', token: tokens[7]!.token, device_id: expect.stringMatching(/^dev_/) });
      registered += r.body.registered;
    }
    expect(registered).toBe(total);
    const status = (await h.call('GET', '/api/v1/users/bulk-5/status')).body;
    // bulk-5 got tokens 5, 40,005 and 80,005.
    expect(status.devices.map((d: { token: string }) => d.token).sort()).toEqual(
      ['ExponentPushToken[bulk-40005]', 'ExponentPushToken[bulk-5]', 'ExponentPushToken[bulk-80005]'].sort(),
    );
  });

  it('refuses bad items one by one, naming what is wrong, and stores the rest', async () => {
    const good = token();
    const r = await h.call('POST', IMPORT, {
      tokens: [
        { user_id: 'imp-1', token: good, platform: 'ios' },
        { user_id: 'imp-2', token: 'not-a-token' },
        { user_id: 'imp-3', token: token(), platfrom: 'ios' },
        { token: token() },
        'a string',
        { user_id: 'imp-4', token: 'ExponentPushToken[a\u0000b]' },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ registered: 1, refused: 5 });
    const [ok, badToken, typo, noUser, notObject, nul] = r.body.results;
    expect(ok).toMatchObject({ index: 0, status: 'registered', token: good });
    expect(badToken).toMatchObject({ index: 1, status: 'refused', token: 'not-a-token', error: { code: 'InvalidToken' } });
    expect(typo).toMatchObject({ index: 2, status: 'refused', error: { code: 'UnknownField' } });
    expect(typo.error.message).toContain('"platfrom" (did you mean "platform"?)');
    expect(noUser).toMatchObject({ index: 3, status: 'refused', error: { code: 'ValidationError' } });
    expect(noUser.error.message).toContain('user_id');
    expect(notObject).toMatchObject({ index: 4, status: 'refused', token: null });
    expect(nul).toMatchObject({ index: 5, status: 'refused', error: { code: 'InvalidToken' } });
    expect((await h.call('GET', '/api/v1/users/imp-1/status')).body.active_devices).toBe(1);
    expect((await h.call('GET', '/api/v1/users/imp-3/status')).body.active_devices).toBe(0);
  });

  it(`refuses more than ${MAX_IMPORT_TOKENS} items, an empty list and unknown top-level fields as a whole`, async () => {
    const tooMany = Array.from({ length: MAX_IMPORT_TOKENS + 1 }, (_, k) => ({ user_id: 'u', token: `ExponentPushToken[m${k}]` }));
    expect((await h.call('POST', IMPORT, { tokens: tooMany })).status).toBe(400);
    expect((await h.call('POST', IMPORT, { tokens: [] })).body.error.code).toBe('ValidationError');
    const typo = await h.call('POST', IMPORT, { tokns: [] });
    expect(typo.body.error.code).toBe('UnknownField');
    expect(typo.body.error.message).toContain('did you mean "tokens"');
  });
});

describe('library importTokens', () => {
  it('returns a result per item, in order, and records the valid ones', async () => {
    const [a, b] = [token(), token()];
    const results = await h.pushgate.importTokens([
      { userId: 'lib-imp', pushToken: a },
      { userId: 'lib-imp', pushToken: 'bad' },
      { userId: 'lib-imp', pushToken: b, platform: 'android' },
    ]);
    expect(results.map((r) => r.status)).toEqual(['ok', 'error', 'ok']);
    expect(results[1]).toMatchObject({ index: 1, error: { code: 'InvalidArgument' } });
    expect((results[1] as { error: { message: string } }).error.message).toContain('1.pushToken');
    expect(results[2]).toMatchObject({ index: 2, device: { token: b, platform: 'android', userId: 'lib-imp' } });
    expect((await h.pushgate.getDevices({ userId: 'lib-imp' })).map((d) => d.token)).toEqual([a, b]);
  });
});
