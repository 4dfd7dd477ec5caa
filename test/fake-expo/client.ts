/** Small HTTP helpers for the fake Expo tests: plain fetch, nothing mocked. */
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { FakeExpo } from '../../src/fake-expo/index.js';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever fields the fake answered
  json: any;
}

export interface PostOptions {
  gzip?: boolean;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Send this exact body instead of JSON.stringify(body). */
  raw?: string | Buffer;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** POSTs `body` to `path` of the fake. */
export async function post(fake: FakeExpo, path: string, body: unknown, options: PostOptions = {}): Promise<Answer> {
  let payload: string | Buffer = options.raw ?? JSON.stringify(body);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...options.headers,
  };
  if (options.gzip) {
    payload = gzipSync(payload);
    headers['content-encoding'] = 'gzip';
  }
  return answer(
    await fetch(`${fake.url}${path}`, {
      method: 'POST',
      body: payload,
      headers,
      signal: options.signal ?? null,
    }),
  );
}

export const push = (fake: FakeExpo, body: unknown, options?: PostOptions) => post(fake, '/--/api/v2/push/send', body, options);
export const receipts = (fake: FakeExpo, ids: string[], options?: PostOptions) => post(fake, '/--/api/v2/push/getReceipts', { ids }, options);

/** GETs an admin endpoint. */
export async function get(fake: FakeExpo, path: string): Promise<Answer> {
  return answer(await fetch(`${fake.url}${path}`));
}

let serial = 0;
/** A fresh, well-formed push token; `project` puts it in `@pushgate/<project>`. */
export function token(project?: string): string {
  serial++;
  return `ExponentPushToken[${project ? `${project}@` : ''}t${serial.toString(36).padStart(6, '0')}]`;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The code of the network error a request failed with (fetch's `cause`, e.g. ECONNRESET,
 * ECONNREFUSED, UND_ERR_SOCKET for a connection closed under it).
 * @throws Error when the request got an answer instead.
 */
export async function networkErrorOf(request: Promise<unknown>): Promise<string> {
  try {
    await request;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code ?? String(error);
  }
  throw new Error('the request was answered');
}

/** Opens a bare TCP connection to the fake and closes it: 'connected', or the error code (ECONNREFUSED). */
export function tcpConnect(fake: FakeExpo): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(fake.port, new URL(fake.url).hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}
