/**
 * A peer dies: two `pushgate serve` processes share one PostgreSQL database and one is killed with
 * SIGKILL while its Expo requests are in flight. The survivor must take over the dead one's claims
 * within seconds (its heartbeat stopped; the 60 s lease need not run out), send what was never
 * sent, mark `maybe_delivered` what may have reached Expo, and let nothing be accepted twice.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeExpo, startFakeExpo } from '../../src/fake-expo/index.js';
import { createPostgresStore } from '../../src/store/postgres/index.js';
import { postgresAvailable, TEST_DATABASE_URL } from '../support/postgres.js';

const KEY = 'pgk_sigkill_peer';
const MESSAGES = 4_000;
await postgresAvailable();
const database = `t_sigkill_${randomBytes(4).toString('hex')}`;
const url = new URL(TEST_DATABASE_URL);
url.pathname = `/${database}`;
const databaseUrl = url.toString();

let fake: FakeExpo;
const children: ChildProcess[] = [];
async function admin<T extends pg.QueryResultRow>(sql: string, params: unknown[] = [], connectionString = TEST_DATABASE_URL): Promise<T[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
beforeAll(async () => {
  await admin(`CREATE DATABASE ${database}`);
  // Slow answers keep requests in flight, so the victim dies holding claims.
  fake = await startFakeExpo({ rateLimitPerSecond: 0, latencyMs: 300 });
});
afterAll(async () => {
  for (const proc of children) if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  await fake?.close();
  await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
});

function startServe(): Promise<{ base: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0'], {
    env: {
      ...process.env,
      PUSHGATE_DATABASE_URL: databaseUrl,
      PUSHGATE_EXPO_URL: fake.url,
      PUSHGATE_API_KEYS: KEY,
      PUSHGATE_SEND_RATE: '400',
      PUSHGATE_LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(proc);
  return new Promise((resolve, reject) => {
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (m) resolve({ base: m[1]!, proc });
    });
    proc.once('exit', (code) => reject(new Error(`serve exited before listening (${code})`)));
  });
}

const claimsOf = async (owner: string) =>
  Number(
    (
      await admin<{ n: string }>(`SELECT count(*) AS n FROM deliveries WHERE state = 'sending' AND split_part(lease_owner, '#', 1) = $1`, [owner], databaseUrl)
    )[0]!.n,
  );

it('a survivor takes over a SIGKILLed peer’s claims within seconds; nothing lost, nothing accepted twice', { timeout: 180_000 }, async () => {
  const seed = createPostgresStore(databaseUrl);
  try {
    await seed.migrate();
    const users = Array.from({ length: MESSAGES }, (_, i) => `k${i}`);
    await seed.recordTokens(
      users.map((userId) => ({ userId, token: `ExponentPushToken[kill-${userId}]` })),
      Date.now(),
    );
    const [victim, survivor] = await Promise.all([startServe(), startServe()]);
    const answer = await fetch(`${victim.base}/api/v1/push-notifications/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ user_ids: users, payload: { title: 'peer death' } }),
    });
    expect(answer.status).toBe(201);

    const [row] = await admin<{ id: string }>('SELECT id FROM engine_processes WHERE pid = $1', [victim.proc.pid], databaseUrl);
    const victimId = row!.id;
    // Kill while the victim holds claims, some of them with requests in flight.
    let heldAtKill = 0;
    for (const deadline = Date.now() + 60_000; heldAtKill === 0 || fake.stats().messagesAccepted < 200; ) {
      if (Date.now() > deadline) throw new Error('the victim never held claims while sending');
      heldAtKill = await claimsOf(victimId);
      if (heldAtKill > 0 && fake.stats().messagesAccepted >= 200) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    victim.proc.removeAllListeners('exit');
    victim.proc.kill('SIGKILL');
    const killedAt = Date.now();
    await new Promise((resolve) => victim.proc.once('exit', resolve));

    let takenOverAfterMs = 0;
    for (const deadline = killedAt + 90_000; ; ) {
      if ((await claimsOf(victimId)) === 0) {
        takenOverAfterMs = Date.now() - killedAt;
        break;
      }
      if (Date.now() > deadline) throw new Error('the dead peer’s claims were never taken over');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    let finalAfterMs = 0;
    for (const deadline = killedAt + 120_000; ; ) {
      const s = (await seed.stats(Date.now())).deliveriesByState;
      if (s.queued + s.sending + s.retrying === 0) {
        finalAfterMs = Date.now() - killedAt;
        break;
      }
      if (Date.now() > deadline) throw new Error(`not everything ended: ${JSON.stringify(s)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(survivor.proc.exitCode).toBeNull();

    const s = (await seed.stats(Date.now())).deliveriesByState;
    const stats = fake.stats();
    expect(s.sent + s.delivered + s.maybe_delivered).toBe(MESSAGES);
    expect(s.failed).toBe(0);
    expect(stats.duplicates).toBe(0);
    expect(Object.values(stats.acceptedByToken).every((n) => n === 1)).toBe(true);
    expect(stats.messagesAccepted).toBeGreaterThanOrEqual(s.sent + s.delivered);
    expect(stats.messagesAccepted).toBeLessThanOrEqual(s.sent + s.delivered + s.maybe_delivered);
    // Leases run 60 s: a takeover well before that came from the stopped heartbeat.
    expect(takenOverAfterMs).toBeLessThan(60_000);
    console.log(
      `peer SIGKILL (PostgreSQL): the victim held ${heldAtKill} claims; survivor took them over ${(takenOverAfterMs / 1000).toFixed(1)} s ` +
        `after the kill; all ${MESSAGES} final or sent ${(finalAfterMs / 1000).toFixed(1)} s after it ` +
        `(${s.maybe_delivered} maybe_delivered, 0 duplicates)`,
    );
  } finally {
    await seed.close();
  }
});
