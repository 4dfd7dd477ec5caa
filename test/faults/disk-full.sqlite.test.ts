/**
 * SQLite on a full disk, on a small tmpfs the test mounts: `pushgate serve` keeps running, answers
 * 503 StorageFull (not 500) to writes, says so on /readyz, keeps the Expo answers it could not
 * store and stores them once there is space again, and sends again within seconds. Needs root to
 * mount; without it the test fails under CI and is skipped (loudly) elsewhere.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeExpo, startFakeExpo } from '../../src/fake-expo/index.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { eventually } from '../support/harness.js';

const KEY = 'pgk_disk_full_key';
const USERS = 300;

function mountTmpfs(dir: string, size: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
    return true;
  } catch (error) {
    const message = `cannot mount a tmpfs for the disk-full test (${(error as Error).message.split('\n')[0]})`;
    if (process.env.CI) throw new Error(`${message}; CI runs as root and needs it`);
    console.warn(`\n!!! ${message}: SKIPPING the disk-full test !!!\n`);
    return false;
  }
}

let dir: string;
let mounted = false;
let fake: FakeExpo;
let serve: ChildProcess | undefined;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pushgate-diskfull-'));
  mounted = mountTmpfs(dir, '8m');
  fake = await startFakeExpo({ rateLimitPerSecond: 0, latencyMs: 20 });
});
afterAll(async () => {
  if (serve && serve.exitCode === null && serve.signalCode === null) serve.kill('SIGKILL');
  await fake?.close();
  if (mounted) execFileSync('umount', ['-l', dir]);
  rmSync(dir, { recursive: true, force: true });
});

/** Writes a file until the disk is full; returns its path. */
function fillDisk(path: string): string {
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, block);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOSPC') throw error;
  }
  // the last bytes too
  try {
    for (;;) writeSync(fd, block, 0, 512);
  } catch {
    // full
  } finally {
    closeSync(fd);
  }
  return path;
}

const call = (url: string, method: string, path: string, body?: unknown) =>
  fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

it('keeps running on a full disk, answers 503 StorageFull, keeps Expo answers and resumes within seconds', { timeout: 120_000 }, async (context) => {
  if (!mounted) context.skip();
  const file = join(dir, 'pushgate.db');
  const seed = createSqliteStore(file);
  await seed.migrate();
  await seed.recordTokens(
    Array.from({ length: USERS }, (_, i) => ({ userId: `u${i}`, token: `ExponentPushToken[full${i}]` })),
    Date.now(),
  );
  await seed.close();

  serve = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0'], {
    env: {
      ...process.env,
      PUSHGATE_DATABASE_URL: `file:${file}`,
      PUSHGATE_EXPO_URL: fake.url,
      PUSHGATE_API_KEYS: KEY,
      PUSHGATE_SEND_RATE: '0',
      PUSHGATE_CONCURRENCY: '4',
      PUSHGATE_RECEIPT_DELAY_MS: '200',
      PUSHGATE_LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exits: string[] = [];
  serve.once('exit', (code, signal) => exits.push(`serve exited (${code ?? signal})`));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: serve!.stdout! }).on('line', (line) => {
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (m) resolve(m[1]!);
    });
    serve!.once('exit', (code) => reject(new Error(`serve exited before listening (${code})`)));
  });

  // Requests in flight when the disk fills: their answers cannot be stored at first.
  fake.faults.latencyMs = 1_500;
  const batch = await call(url, 'POST', '/api/v1/push-notifications/batch', {
    user_ids: Array.from({ length: USERS }, (_, i) => `u${i}`),
    payload: { title: 'disk full' },
  });
  expect(batch.status).toBe(201);
  const { batch_id: batchId } = (await batch.json()) as { batch_id: string };
  await eventually(() => fake.stats().sendRequests >= 2, 'requests in flight');
  const filler = fillDisk(join(dir, 'filler'));

  const refused = await call(url, 'POST', '/api/v1/push-notifications', { user_id: 'u1', title: 'no room' });
  expect(refused.status).toBe(503);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('StorageFull');
  const ready = await eventually(async () => {
    const r = await fetch(`${url}/readyz`);
    return r.status === 503 ? r : null;
  }, 'readyz says the disk is full');
  expect(((await ready.json()) as { error: { code: string } }).error.code).toBe('StorageFull');
  await new Promise((resolve) => setTimeout(resolve, 2_500)); // the in-flight answers come back and cannot be stored
  expect(exits).toEqual([]);

  fake.faults.latencyMs = 20;
  unlinkSync(filler);
  const freedAt = Date.now();
  await eventually(async () => (await fetch(`${url}/readyz`)).status === 200, 'ready again', 30_000);
  const readyAfterMs = Date.now() - freedAt;
  const again = await call(url, 'POST', '/api/v1/push-notifications', { user_id: 'u2', title: 'room again' });
  expect(again.status).toBe(201);
  await eventually(
    async () => {
      const r = await call(url, 'GET', `/api/v1/push-notifications/batch/${batchId}`);
      const progress = (await r.json()) as { in_progress?: number; counts?: Record<string, number> };
      return r.status === 200 && (progress.in_progress ?? 1) === 0;
    },
    'the batch settled',
    60_000,
  );
  const settledAfterMs = Date.now() - freedAt;
  expect(exits).toEqual([]);
  serve.kill('SIGTERM');
  await new Promise((resolve) => serve!.once('exit', resolve));

  const store = createSqliteStore(file);
  try {
    const stats = await store.stats(Date.now());
    // Every message Expo accepted has its ticket stored: none became maybe_delivered.
    expect(stats.deliveriesByState.maybe_delivered).toBe(0);
    expect(stats.deliveriesByState.failed).toBe(0);
    expect(fake.stats().duplicates).toBe(0);
    console.log(
      `disk full: ready ${(readyAfterMs / 1000).toFixed(1)} s and the batch settled ${(settledAfterMs / 1000).toFixed(1)} s after space came back; ` +
        `deliveries ${JSON.stringify(stats.deliveriesByState)}`,
    );
  } finally {
    await store.close();
  }
});
