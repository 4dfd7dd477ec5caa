/**
 * PostgreSQL misbehaving under two `pushgate serve` processes and a library host, on a server of
 * the test's own: every backend terminated ten times, 0.5 s apart, while they send; then the
 * server stopped for 12 s and started again. No process may die, nothing accepted may be lost,
 * nothing may reach the fake Expo twice, and every notification must end final.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeExpo, startFakeExpo } from '../../src/fake-expo/index.js';
import { createPostgresStore, type PostgresStore } from '../../src/store/postgres/index.js';
import { eventually } from '../support/harness.js';
import { clusterLog, createCluster, type TestCluster, waitUntilUp } from '../support/pg-cluster.js';

const KEY = 'pgk_fault_suite_key';
const USERS = 200;
const FINAL = new Set(['delivered', 'failed', 'maybe_delivered', 'canceled', 'opened']);

let cluster: TestCluster;
let fake: FakeExpo;
let seed: PostgresStore;
const children: ChildProcess[] = [];
const exits: string[] = [];

beforeAll(async () => {
  cluster = await createCluster();
  fake = await startFakeExpo({ rateLimitPerSecond: 0, latencyMs: 20 });
  seed = createPostgresStore(cluster.url);
  await seed.migrate();
  const tokens = ['srv', 'lib'].flatMap((prefix) =>
    Array.from({ length: USERS }, (_, i) => ({ userId: `${prefix}-${i}`, token: `ExponentPushToken[${prefix}${i}]` })),
  );
  await seed.recordTokens(tokens, Date.now());
}, 120_000);

afterAll(async () => {
  for (const proc of children) if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  await seed?.close().catch(() => {});
  await fake?.close();
  cluster?.drop();
});

function track(proc: ChildProcess, name: string): ChildProcess {
  children.push(proc);
  proc.once('exit', (code, signal) => exits.push(`${name} exited (${code ?? signal})`));
  return proc;
}

function startServe(name: string): Promise<string> {
  const proc = track(
    spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0'], {
      env: {
        ...process.env,
        PUSHGATE_DATABASE_URL: cluster.url,
        PUSHGATE_EXPO_URL: fake.url,
        PUSHGATE_API_KEYS: KEY,
        PUSHGATE_SEND_RATE: '0',
        PUSHGATE_RECEIPT_DELAY_MS: '100',
        PUSHGATE_LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
    name,
  );
  const stderr: string[] = [];
  createInterface({ input: proc.stderr! }).on('line', (line) => stderr.push(line));
  proc.once('exit', () => stderr.length > 0 && console.error(`${name} stderr:\n${stderr.slice(-30).join('\n')}`));
  return new Promise((resolve, reject) => {
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (m) resolve(m[1]!);
    });
    proc.once('exit', (code) => reject(new Error(`${name} exited before listening (${code})`)));
  });
}

function startHost(accepted: Set<string>): ChildProcess {
  const proc = track(
    spawn(process.execPath, ['--import', 'tsx', 'test/support/fault-host.ts', cluster.url, fake.url, 'lib', String(USERS), '25'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    }),
    'library host',
  );
  createInterface({ input: proc.stdout! }).on('line', (line) => {
    const m = /^accepted (\S+)$/.exec(line);
    if (m) accepted.add(m[1]!);
  });
  return proc;
}

/** Sends over HTTP until told to stop; a failed send is retried with its Idempotency-Key until it is answered 201. */
async function sendOverHttp(urls: string[], accepted: Set<string>, stop: () => boolean): Promise<{ retries: number; outageAnswers: number }> {
  let retries = 0;
  let outageAnswers = 0;
  for (let n = 0; !stop(); n++) {
    const url = urls[n % urls.length]!;
    for (;;) {
      try {
        const response = await fetch(`${url}/api/v1/push-notifications`, {
          method: 'POST',
          headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', 'idempotency-key': `srv:${n}` },
          body: JSON.stringify({ user_id: `srv-${n % USERS}`, title: 'fault', data: { n, prefix: 'srv' } }),
          signal: AbortSignal.timeout(10_000),
        });
        const body = (await response.json()) as { id?: string; error?: { code: string } };
        if (response.status === 201 && body.id) {
          accepted.add(body.id);
          break;
        }
        // The database is away: 503 with a code that says so, never a 500.
        expect(response.status, JSON.stringify(body)).toBe(503);
        expect(['StorageUnavailable', 'ShuttingDown']).toContain(body.error?.code);
        outageAnswers++;
      } catch (error) {
        if ((error as { name?: string }).name === 'AssertionError') throw error;
      }
      retries++;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
  return { retries, outageAnswers };
}

async function countUnfinished(ids: Set<string>): Promise<number> {
  let unfinished = 0;
  for (const id of ids) {
    const notification = await seed.getNotification(id);
    if (!notification) throw new Error(`accepted notification ${id} is not stored`);
    if (!FINAL.has(notification.status)) unfinished++;
  }
  return unfinished;
}

it('two serve processes and a library host survive terminated backends and a 12 s outage', { timeout: 300_000 }, async () => {
  const urls = await Promise.all([startServe('serve A'), startServe('serve B')]);
  const accepted = new Set<string>();
  const host = startHost(accepted);
  let stopSending = false;
  const sending = sendOverHttp(urls, accepted, () => stopSending);
  await eventually(() => fake.stats().messagesAccepted > 100, 'sending under way', 30_000);

  let terminated = 0;
  for (let i = 0; i < 10; i++) {
    terminated += await cluster.terminateBackends();
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  expect(terminated).toBeGreaterThan(10);
  expect(exits).toEqual([]);

  cluster.stop();
  const stoppedAt = Date.now();
  for (const url of urls) {
    await eventually(async () => (await fetch(`${url}/readyz`)).status === 503, `${url} not ready while the database is down`, 10_000);
  }
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, stoppedAt + 12_000 - Date.now())));
  expect(exits).toEqual([]);
  const acceptedAtRestart = fake.stats().messagesAccepted;
  cluster.start();
  const restartedAt = Date.now();
  await waitUntilUp(cluster.url);
  await eventually(() => fake.stats().messagesAccepted > acceptedAtRestart + 50, 'sending resumed after the restart', 60_000);
  const resumedAfterMs = Date.now() - restartedAt;

  for (const url of urls) {
    await eventually(async () => (await fetch(`${url}/readyz`)).status === 200, `${url} ready again`, 30_000);
  }
  stopSending = true;
  host.stdin!.write('stop\n');
  const { retries, outageAnswers } = await sending;
  expect(outageAnswers).toBeGreaterThan(0);
  await eventually(async () => (await countUnfinished(accepted)) === 0, 'every accepted notification final', 150_000);
  const finishedAfterMs = Date.now() - restartedAt;

  expect(exits, clusterLog(cluster)).toEqual([]);
  const stats = fake.stats();
  expect(stats.duplicates).toBe(0);
  const stored = await seed.stats(Date.now());
  expect(stored.deliveriesByState.failed).toBe(0);
  // Answers that could not be written while the database was away were kept and written after.
  const unknown = [];
  for (const id of accepted) {
    const n = await seed.getNotification(id);
    for (const d of n?.deliveries ?? []) if (d.state === 'maybe_delivered') unknown.push(`${d.errorCode}: ${d.errorMessage}`);
  }
  expect(unknown).toEqual([]);
  console.log(
    `postgres faults: ${accepted.size} accepted (${retries} HTTP retries, ${outageAnswers} answered 503), ${terminated} backends terminated, ` +
      `sending resumed ${(resumedAfterMs / 1000).toFixed(1)} s after the restart, all final after ${(finishedAfterMs / 1000).toFixed(1)} s; ` +
      `deliveries ${JSON.stringify(stored.deliveriesByState)}`,
  );
});
