/**
 * Two `pushgate serve` processes on one PostgreSQL database, the send rate at 600/s, and an Expo
 * that counts each message's arrival in a sliding one-second window and answers 429 past 600: the
 * shared send budget must keep every process under Expo's limit (no 429 at all) while using at
 * least 95% of the rate.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FakeExpoStats } from '../../src/fake-expo/index.js';
import { createPostgresStore } from '../../src/store/postgres/index.js';
import { postgresAvailable, TEST_DATABASE_URL } from '../support/postgres.js';

const KEY = 'pgk_strict_limiter';
const RATE = 600;
const MESSAGES = 6_000;
await postgresAvailable();
const database = `t_limiter_${randomBytes(4).toString('hex')}`;
const url = new URL(TEST_DATABASE_URL);
url.pathname = `/${database}`;
const databaseUrl = url.toString();

/** The fake Expo in a process of its own: it stamps arrivals, and nothing else may delay it. */
let fake: { url: string; stats(): Promise<FakeExpoStats> };
const children: ChildProcess[] = [];
async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
beforeAll(async () => {
  await admin(`CREATE DATABASE ${database}`);
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/fake-expo/main.ts', '--port', '0', '--latency-ms', '20', '--rate-limit', String(RATE), '--rate-limit-mode', 'window'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.push(proc);
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: proc.stdout! }).once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
    proc.once('exit', (code) => reject(new Error(`the fake Expo exited (${code})`)));
  });
  fake = { url, stats: async () => (await (await fetch(`${url}/__fake/stats?brief=1`)).json()) as FakeExpoStats };
});
afterAll(async () => {
  for (const proc of children) if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
});

function startServe(): Promise<string> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0'], {
    env: {
      ...process.env,
      PUSHGATE_DATABASE_URL: databaseUrl,
      PUSHGATE_EXPO_URL: fake.url,
      PUSHGATE_API_KEYS: KEY,
      PUSHGATE_SEND_RATE: String(RATE),
      PUSHGATE_LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(proc);
  return new Promise((resolve, reject) => {
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (m) resolve(m[1]!);
    });
    proc.once('exit', (code) => reject(new Error(`serve exited before listening (${code})`)));
  });
}

it('keeps two processes under Expo’s strict limit with no 429, using at least 95% of the rate', { timeout: 180_000 }, async () => {
  const seed = createPostgresStore(databaseUrl);
  await seed.migrate();
  const users = Array.from({ length: MESSAGES }, (_, i) => `s${i}`);
  await seed.recordTokens(
    users.map((userId) => ({ userId, token: `ExponentPushToken[strict-${userId}]` })),
    Date.now(),
  );
  const [a, b] = await Promise.all([startServe(), startServe()]);
  const half = MESSAGES / 2;
  const send = (base: string, ids: string[]) =>
    fetch(`${base}/api/v1/push-notifications/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ user_ids: ids, payload: { title: 'strict' } }),
    });
  const answers = await Promise.all([send(a, users.slice(0, half)), send(b, users.slice(half))]);
  expect(answers.map((r) => r.status)).toEqual([201, 201]);
  // Polled gently: the fake stamps arrivals in this process, and a busy poll would delay them.
  for (const deadline = Date.now() + 120_000; (await fake.stats()).messagesAccepted < MESSAGES; ) {
    if (Date.now() > deadline) throw new Error('timed out waiting for every message to be accepted');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const stats = await fake.stats();
  // Over the whole run: from the first arrival to the last, plus that last request's share of a second.
  const first = Math.min(...stats.timeline.map((t) => t.at));
  const last = stats.timeline.reduce((a, b) => (b.at > a.at ? b : a));
  const spanSeconds = (last.at - first) / 1000;
  const rate = MESSAGES / (spanSeconds + last.count / RATE);
  const stored = await seed.stats(Date.now());
  await seed.close();
  console.log(
    `strict limiter, two processes: ${MESSAGES} in ${spanSeconds.toFixed(2)} s of arrivals, ${rate.toFixed(0)}/s of ${RATE}, ` +
      `${stats.http429} answered 429, ${stats.duplicates} duplicates`,
  );
  expect(stats.http429).toBe(0);
  expect(stats.duplicates).toBe(0);
  expect(stored.deliveriesByState.failed).toBe(0);
  expect(rate).toBeGreaterThanOrEqual(0.95 * RATE);
});
