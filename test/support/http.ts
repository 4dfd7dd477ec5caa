/**
 * A real Pushgate HTTP server on a random loopback port, over a real Pushgate (temp SQLite file)
 * talking to a real fake Expo. `call` goes over the socket with fetch; `app.inject` is there for
 * tests where the socket is not the point.
 */
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { PushgateOptions } from '../../src/core/config.js';
import type { FakeExpoOptions } from '../../src/fake-expo/index.js';
import { buildServer, type ServerOptions } from '../../src/http/server.js';
import { type Harness, startHarness, token } from './harness.js';

export const KEY = 'pgk_test_key_for_the_http_suite';
export const BASE = '/api/v1/push-notifications';
export const DOUBLED = `${BASE}${BASE}`;

export interface CallResult {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
  body: any;
  headers: Headers;
  text: string;
}

export interface HttpHarness extends Harness {
  app: FastifyInstance;
  url: string;
  /** A request over the socket, with the suite's key unless `headers.authorization` is given ('' sends none). */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<CallResult>;
  /** Registers a fresh valid token for `userId` and returns it. */
  device(userId: string, platform?: string): Promise<string>;
}

export interface HttpOptions {
  pushgate?: PushgateOptions;
  fake?: FakeExpoOptions;
  server?: Partial<Omit<ServerOptions, 'pushgate'>>;
}

export async function startHttp(options: HttpOptions = {}): Promise<HttpHarness> {
  const h = await startHarness(options.pushgate ?? {}, options.fake ?? {});
  const app = await buildServer({ pushgate: h.pushgate, apiKeys: [KEY], ...options.server });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const call: HttpHarness['call'] = async (method, path, body, headers = {}) => {
    const merged: Record<string, string> = {
      authorization: `Bearer ${KEY}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    };
    if (merged.authorization === '') delete merged.authorization;
    const response = await fetch(url + path, {
      method,
      headers: merged,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON (metrics, docs)
    }
    return { status: response.status, body: parsed, headers: response.headers, text };
  };
  return {
    ...h,
    app,
    url,
    call,
    async device(userId, platform = 'ios') {
      const t = token();
      const response = await call('POST', `${BASE}/device-tokens`, { user_id: userId, token: t, platform });
      if (response.status !== 201) throw new Error(`device registration failed: ${response.status} ${response.text}`);
      return t;
    },
    async close() {
      await app.close();
      await h.close();
    },
  };
}

/** Sorted keys of an object, for exact field-name checks. */
export const keysOf = (o: object) => Object.keys(o).sort();

/** Parses `body` with a response schema and returns the issues (empty when it conforms). */
export function schemaIssues(schema: z.ZodType, body: unknown): string[] {
  const result = schema.safeParse(body);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}
