/** `pushgate serve` as a real process: startup output, and SIGTERM with messages in flight. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeExpo, startFakeExpo } from '../src/fake-expo/index.js';
import { createSqliteStore } from '../src/store/sqlite/index.js';
import { eventually } from './support/harness.js';

const USERS = 500;
const KEY = 'pgk_cli_test_key';
let fake: FakeExpo;
let dir: string;
let proc: ChildProcess | undefined;
beforeAll(async () => {
  fake = await startFakeExpo({ rateLimitPerSecond: 0, latencyMs: 300 });
  dir = mkdtempSync(join(tmpdir(), 'pushgate-cli-'));
});
afterAll(async () => {
  // A failed assertion must not leave the server running after the suite.
  if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

it('drains in-flight Expo requests on SIGTERM, exits 0, and loses nothing', { timeout: 60_000 }, async () => {
  const file = join(dir, 'serve.db');
  const seed = createSqliteStore(file);
  await seed.migrate();
  await seed.recordTokens(
    Array.from({ length: USERS }, (_, i) => ({ userId: `u${i}`, token: `ExponentPushToken[cli${i}]` })),
    Date.now(),
  );
  await seed.close();

  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0'], {
    env: {
      ...process.env,
      PUSHGATE_DATABASE_URL: `file:${file}`,
      PUSHGATE_EXPO_URL: fake.url,
      PUSHGATE_API_KEYS: KEY,
      PUSHGATE_SEND_RATE: '0',
      PUSHGATE_CONCURRENCY: '2',
      PUSHGATE_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  proc = child;
  const output: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`serve exited early (${code})`)));
  });
  const response = await fetch(`${url}/api/v1/push-notifications/batch`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ user_ids: Array.from({ length: USERS }, (_, i) => `u${i}`), payload: { title: 'drain me' } }),
  });
  expect(response.status).toBe(201);
  await eventually(() => fake.stats().sendRequests > 0, 'a request in flight');
  child.removeAllListeners('exit');
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(output.join('\n')).toContain(`database: file:${file} (SQLite, ${file})`);
  expect(output.join('\n')).toContain(`expo: ${fake.url}`);

  const store = createSqliteStore(file);
  try {
    const s = (await store.stats(Date.now())).deliveriesByState;
    expect(s.sending).toBe(0);
    expect(s.queued + s.retrying + s.sent).toBe(USERS);
    expect(s.sent).toBe(fake.stats().messagesAccepted);
    expect(s.sent).toBeGreaterThan(0);
    expect(s.sent).toBeLessThan(USERS);
  } finally {
    await store.close();
  }
});
