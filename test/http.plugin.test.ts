/**
 * The HTTP API as a Fastify plugin in a host application (under a prefix of the host's), and the
 * server's own timeouts: a client that sends its request too slowly is cut off.
 */
import { connect } from 'node:net';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildServer, pushgateApi } from '../src/http/server.js';
import { type Harness, startHarness, token } from './support/harness.js';

const KEY = 'pgk_plugin_test_key';
let h: Harness | undefined;
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await h?.close();
  h = undefined;
});

describe('pushgateApi in a host application', () => {
  it('serves the API under the host prefix and leaves the host’s own routes and errors alone', async () => {
    h = await startHarness();
    const host = Fastify();
    host.get('/hello', async () => ({ host: true }));
    await host.register(pushgateApi, { pushgate: h.pushgate, apiKeys: [KEY], prefix: '/push' });
    await host.ready();
    closers.push(() => host.close());

    expect((await host.inject({ url: '/hello' })).json()).toEqual({ host: true });
    expect((await host.inject({ url: '/push/healthz' })).json()).toEqual({ status: 'ok' });
    const unauthorized = await host.inject({ url: '/push/api/v1/push-notifications' });
    expect(unauthorized.statusCode).toBe(401);
    expect(unauthorized.json().error.code).toBe('Unauthorized');

    const pushToken = token();
    const registered = await host.inject({
      method: 'POST',
      url: '/push/api/v1/push-notifications/device-tokens',
      headers: { authorization: `Bearer ${KEY}` },
      payload: { user_id: 'u', token: pushToken },
    });
    expect(registered.statusCode).toBe(201);
    // the host's own 404 and validation are its own, and its routes take any query
    expect((await host.inject({ url: '/nowhere' })).json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
    expect((await host.inject({ url: '/hello?anything=1' })).json()).toEqual({ host: true });

    // Under the prefix: strict queries, 405 with Allow, and the resume endpoint named with the prefix.
    const auth = { authorization: `Bearer ${KEY}` };
    const query = await host.inject({ url: '/push/api/v1/push-notifications?user=u', headers: auth });
    expect(query.json().error.code).toBe('UnknownParameter');
    const patch = await host.inject({ method: 'PATCH', url: '/push/api/v1/push-notifications/ntf_x', headers: auth, payload: {} });
    expect(patch.statusCode).toBe(405);
    expect(patch.headers.allow).toBe('DELETE, GET, HEAD, PUT');
    await host.inject({ method: 'POST', url: '/push/api/v1/users/u/pause', headers: auth });
    const paused = await host.inject({ method: 'POST', url: '/push/api/v1/push-notifications', headers: auth, payload: { user_id: 'u', title: 'x' } });
    expect(paused.json().error).toMatchObject({ code: 'UserPaused', details: { resume: '/push/api/v1/users/u/resume' } });
  });
});

describe('server timeouts', () => {
  it('cuts off a client whose request body does not arrive in time', { timeout: 20_000 }, async () => {
    h = await startHarness();
    const app = await buildServer({ pushgate: h.pushgate, apiKeys: [KEY], requestTimeoutMs: 700, headersTimeoutMs: 700 });
    const url = new URL(await app.listen({ port: 0, host: '127.0.0.1' }));
    closers.push(() => app.close());
    const socket = connect(Number(url.port), '127.0.0.1');
    const started = Date.now();
    const answer = await new Promise<string>((resolve) => {
      let received = '';
      socket.on('data', (chunk) => {
        received += chunk.toString();
      });
      socket.on('close', () => resolve(received));
      socket.on('error', () => resolve(received));
      socket.write(
        `POST /api/v1/push-notifications HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${KEY}\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{`,
      );
    });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
  });

  it('answers 401 to a client without a key before waiting for its body', { timeout: 20_000 }, async () => {
    h = await startHarness();
    const app = await buildServer({ pushgate: h.pushgate, apiKeys: [KEY] }); // default timeouts: 30 s for a request
    const url = new URL(await app.listen({ port: 0, host: '127.0.0.1' }));
    closers.push(() => app.close());
    const socket = connect(Number(url.port), '127.0.0.1');
    const answer = await new Promise<string>((resolve) => {
      socket.on('data', (chunk) => resolve(chunk.toString()));
      socket.write('POST /api/v1/push-notifications HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n{');
    });
    socket.destroy();
    expect(answer.startsWith('HTTP/1.1 401')).toBe(true);
    expect(answer).toContain('Unauthorized');
  });
});
