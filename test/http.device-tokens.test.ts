/**
 * POST /device-tokens without `platform` (or `language`): a new token is stored as `unknown`
 * (language null); a known token keeps what Pushgate already knew of it. /openapi.json says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { token } from './support/harness.js';
import { BASE, type HttpHarness, startHttp } from './support/http.js';

let h: HttpHarness;
beforeAll(async () => {
  h = await startHttp({ pushgate: { runEngine: false } });
});
afterAll(async () => {
  await h.close();
});

const register = (body: Record<string, unknown>) => h.call('POST', `${BASE}/device-tokens`, body);
const devicesOf = async (user: string) =>
  (await h.call('GET', `/api/v1/users/${user}/status`)).body.devices as { token: string; platform: string; language: string | null }[];

describe('POST /device-tokens without platform', () => {
  it('stores a brand-new token as platform "unknown" and language null', async () => {
    const t = token();
    const r = await register({ user_id: 'dt-new', token: t });
    expect(r.status).toBe(201);
    expect(r.body.platform).toBe('unknown');
    expect(r.body.language).toBeNull();
    expect(await devicesOf('dt-new')).toMatchObject([{ token: t, platform: 'unknown', language: null }]);
  });

  it('keeps the known platform and language of a token registered again without them', async () => {
    const t = token();
    const first = await register({ user_id: 'dt-known', token: t, platform: 'ios', language: 'pt-BR' });
    expect(first.body).toMatchObject({ platform: 'ios', language: 'pt-BR' });

    const omitted = await register({ user_id: 'dt-known', token: t });
    expect(omitted.status).toBe(201);
    expect(omitted.body).toMatchObject({ id: first.body.id, platform: 'ios', language: 'pt-BR' });

    // "unknown" and null say "not known" too: they do not erase what is known.
    const unknown = await register({ user_id: 'dt-known', token: t, platform: 'unknown', language: null });
    expect(unknown.body).toMatchObject({ id: first.body.id, platform: 'ios', language: 'pt-BR' });

    // A token moving to another user keeps its platform as well.
    const moved = await register({ user_id: 'dt-other', token: t });
    expect(moved.body).toMatchObject({ user_id: 'dt-other', platform: 'ios', language: 'pt-BR' });
    expect(await devicesOf('dt-other')).toMatchObject([{ token: t, platform: 'ios', language: 'pt-BR' }]);

    // A platform that is given replaces the known one.
    const changed = await register({ user_id: 'dt-other', token: t, platform: 'android', language: 'en' });
    expect(changed.body).toMatchObject({ platform: 'android', language: 'en' });
  });

  it('/openapi.json describes what an omitted platform and language mean', async () => {
    const doc = (await h.call('GET', '/openapi.json', undefined, { authorization: '' })).body;
    const post = doc.paths[`${BASE}/device-tokens`].post;
    let schema = post.requestBody.content['application/json'].schema;
    if (schema.$ref) schema = doc.components.schemas[schema.$ref.split('/').pop()];
    const platform = schema.properties.platform.description as string;
    expect(platform).toContain('keeps the platform already known');
    expect(platform).toContain('"unknown" for a new token');
    expect(platform).not.toMatch(/default/i);
    expect(schema.properties.language.description).toContain('keeps the language already known');
  });
});
