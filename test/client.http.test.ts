/**
 * `pushgate/client` against a running server over a real socket: typed calls for each route
 * group, answers that match the types, and the API's errors as PushgateApiError with their codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPushgateClient, ok, PushgateApiError, type PushgateClient } from '../src/client/index.js';
import { eventually, token } from './support/harness.js';
import { BASE, type HttpHarness, KEY, startHttp } from './support/http.js';

let h: HttpHarness;
let client: PushgateClient;
beforeAll(async () => {
  h = await startHttp();
  client = createPushgateClient({ baseUrl: h.url, apiKey: KEY });
});
afterAll(async () => {
  await h.close();
});

describe('pushgate/client', () => {
  it('registers a device, sends, reads back, lists and opens a notification', async () => {
    const t = token();
    const device = await ok(client.POST('/api/v1/push-notifications/device-tokens', { body: { user_id: 'client-1', token: t, platform: 'ios' } }));
    expect(device).toMatchObject({ user_id: 'client-1', token: t, platform: 'ios', active: true });

    const sent = await ok(
      client.POST('/api/v1/push-notifications', {
        params: { query: { wait: 'true' }, header: { 'Idempotency-Key': 'client-send-1' } },
        body: { user_id: 'client-1', title: 'Hi', data: { screen: 'chat' }, expo: { someNewField: 1 } },
      }),
    );
    expect(sent.status).toBe('sent');
    expect(sent.content).toEqual({ title: 'Hi', data: { screen: 'chat' }, someNewField: 1 });

    const read = await ok(client.GET('/api/v1/push-notifications/{id}', { params: { path: { id: sent.id } } }));
    expect(read.deliveries[0]).toMatchObject({ device_token: t, state: 'sent', ticket_id: expect.any(String) });

    const page = await ok(client.GET('/api/v1/push-notifications', { params: { query: { user_id: 'client-1', limit: 5 } } }));
    expect(page.pagination).toEqual({ page: 1, limit: 5, total: 1 });
    expect(page.data[0]!.id).toBe(sent.id);

    const opened = await ok(client.PUT('/api/v1/push-notifications/{id}', { params: { path: { id: sent.id } }, body: { status: 'opened' } }));
    expect(opened.status).toBe('opened');

    const mine = await ok(client.GET('/api/v1/users/{userId}/notifications', { params: { path: { userId: 'client-1' }, query: { limit: 10 } } }));
    expect(mine.data.map((n) => n.status)).toEqual(['opened']);
  });

  it('fans out with a batch, imports tokens in bulk, pauses and resumes', async () => {
    const imported = await ok(
      client.POST('/api/v1/push-notifications/device-tokens/import', {
        body: {
          tokens: [
            { user_id: 'client-a', token: token() },
            { user_id: 'client-b', token: token(), platform: 'android' },
          ],
        },
      }),
    );
    expect(imported).toMatchObject({ registered: 2, refused: 0 });

    const batch = await ok(
      client.POST('/api/v1/push-notifications/batch', { body: { user_ids: ['client-a', 'client-b', 'client-none'], payload: { title: 'All' } } }),
    );
    expect(batch).toMatchObject({ total: 3, queued: 2, skipped: 1, skipped_user_ids: ['client-none'] });
    await eventually(
      async () => (await ok(client.GET('/api/v1/push-notifications/batch/{id}', { params: { path: { id: batch.batch_id } } }))).in_progress === 0,
      'batch sent',
    );

    expect(await ok(client.POST('/api/v1/users/{userId}/pause', { params: { path: { userId: 'client-a' } } }))).toMatchObject({ paused: true });
    const status = await ok(client.GET('/api/v1/users/{userId}/status', { params: { path: { userId: 'client-a' } } }));
    expect(status).toMatchObject({ user_id: 'client-a', paused: true, active_devices: 1 });
    expect(await ok(client.POST('/api/v1/users/{userId}/resume', { params: { path: { userId: 'client-a' } } }))).toMatchObject({ paused: false });
  });

  it("turns the API's errors into PushgateApiError with their codes", async () => {
    const typo = await ok(
      // openapi-fetch infers the body's type, so the compiler lets a misspelt field through: the server refuses it.
      client.POST('/api/v1/push-notifications', { body: { user_id: 'client-1', titel: 'typo' } }),
    ).catch((e) => e);
    expect(typo).toBeInstanceOf(PushgateApiError);
    expect(typo).toMatchObject({ status: 400, code: 'UnknownField' });
    expect(typo.message).toContain('did you mean "title"');

    const nobody = await ok(client.POST('/api/v1/push-notifications', { body: { user_id: 'client-nobody', title: 'x' } })).catch((e) => e);
    expect(nobody).toMatchObject({ status: 422, code: 'NoActiveDevices' });

    const missing = await ok(client.GET('/api/v1/push-notifications/{id}', { params: { path: { id: 'ntf_missing' } } })).catch((e) => e);
    expect(missing).toMatchObject({ status: 404, code: 'NotFound' });

    const wrongKey = createPushgateClient({ baseUrl: `${h.url}/`, apiKey: 'wrong' });
    await expect(ok(wrongKey.GET('/api/v1/push-notifications', {}))).rejects.toMatchObject({ status: 401, code: 'Unauthorized' });
    expect(BASE).toBe('/api/v1/push-notifications');
  });
});
