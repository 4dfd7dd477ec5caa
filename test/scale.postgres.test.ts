/**
 * Scale-out on PostgreSQL: three Pushgate processes on one database and one fake Expo. Every
 * message is accepted exactly once, the shared send budget holds in every one-second window, and
 * when one process is SIGKILLed the others finish its leased work.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeExpo, startFakeExpo } from '../src/fake-expo/index.js';
import { createPostgresStore, type PostgresStore } from '../src/store/postgres/index.js';
import { eventually } from './support/harness.js';
import { dropSchema, newSchemaName, postgresAvailable, TEST_DATABASE_URL } from './support/postgres.js';

const available = await postgresAvailable();
const PER_PROCESS = 10_000;
const RATE = 1_000;

let fake: FakeExpo;
beforeAll(async () => {
  fake = await startFakeExpo({ rateLimitPerSecond: RATE, latencyMs: 5 });
});
afterAll(async () => {
  await fake?.close();
  await dropSchema();
});

async function freshSchema(): Promise<{ schema: string; store: PostgresStore }> {
  const schema = newSchemaName();
  const store = createPostgresStore(TEST_DATABASE_URL, { schema });
  await store.migrate();
  return { schema, store };
}

function startWorker(schema: string, prefix: string): { proc: ChildProcess; queued: Promise<void> } {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/support/worker-child.ts', TEST_DATABASE_URL, schema, fake.url, prefix, String(PER_PROCESS), String(RATE)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const queued = new Promise<void>((resolve, reject) => {
    createInterface({ input: proc.stdout! }).on('line', (line) => line === 'queued' && resolve());
    proc.once('exit', (code) => reject(new Error(`worker ${prefix} exited early (${code})`)));
  });
  queued.catch(() => {});
  return { proc, queued };
}

async function stopAll(procs: ChildProcess[]): Promise<void> {
  await Promise.all(
    procs.map(
      (proc) =>
        new Promise<void>((resolve) => {
          if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
          proc.removeAllListeners('exit');
          proc.once('exit', () => resolve());
          proc.kill('SIGTERM');
        }),
    ),
  );
}

/** The most messages the fake accepted in any one-second window. */
function busiestSecond(timeline: { at: number; count: number }[]): number {
  let max = 0;
  let windowStart = 0;
  let sum = 0;
  for (let i = 0; i < timeline.length; i++) {
    sum += timeline[i]!.count;
    while (timeline[windowStart]!.at <= timeline[i]!.at - 1000) sum -= timeline[windowStart++]!.count;
    max = Math.max(max, sum);
  }
  return max;
}

describe.skipIf(!available)('three processes on one PostgreSQL database', () => {
  it('accepts 30,000 messages exactly once and never exceeds the shared rate', { timeout: 180_000 }, async () => {
    fake.reset();
    const { schema, store } = await freshSchema();
    const workers = ['a', 'b', 'c'].map((prefix) => startWorker(schema, prefix));
    try {
      await Promise.all(workers.map((w) => w.queued));
      await eventually(() => fake.stats().messagesAccepted >= 3 * PER_PROCESS, 'all accepted', 120_000);
      await eventually(async () => {
        const s = (await store.stats(Date.now())).deliveriesByState;
        return s.queued + s.sending + s.retrying === 0;
      }, 'nothing in progress');
      const stats = fake.stats();
      expect(stats.messagesAccepted).toBe(3 * PER_PROCESS);
      expect(stats.duplicates).toBe(0);
      expect(Object.keys(stats.acceptedByToken)).toHaveLength(3 * PER_PROCESS);
      expect(Object.values(stats.acceptedByToken).every((n) => n === 1)).toBe(true);
      expect(stats.http429).toBe(0);
      const first = stats.timeline[0]!.at;
      const last = stats.timeline[stats.timeline.length - 1]!.at;
      const perSecond = (3 * PER_PROCESS) / ((last - first) / 1000);
      console.log(`scale-out: ${Math.round(perSecond)} messages/s combined, busiest second ${busiestSecond(stats.timeline)}, limit ${RATE}, window 1500 ms`);
      expect(busiestSecond(stats.timeline)).toBeLessThanOrEqual(RATE);
      // ...and together they use most of it: the grant window is 1500 ms, so at best RATE / 1.5.
      expect(perSecond).toBeGreaterThan(0.5 * RATE);
      const s = (await store.stats(Date.now())).deliveriesByState;
      expect(s.sent).toBe(3 * PER_PROCESS);
    } finally {
      await stopAll(workers.map((w) => w.proc));
      await store.close();
    }
  });

  it('finishes the leased work of a process killed with SIGKILL; nothing lost, nothing accepted twice', { timeout: 180_000 }, async () => {
    fake.reset();
    const { schema, store } = await freshSchema();
    const workers = ['d', 'e', 'f'].map((prefix) => startWorker(schema, prefix));
    try {
      await Promise.all(workers.map((w) => w.queued));
      await eventually(() => fake.stats().messagesAccepted >= PER_PROCESS, 'a third sent', 60_000);
      const victim = workers[0]!.proc;
      victim.removeAllListeners('exit');
      victim.kill('SIGKILL');
      await eventually(
        async () => {
          const s = (await store.stats(Date.now())).deliveriesByState;
          return s.queued + s.sending + s.retrying === 0;
        },
        'survivors finished everything',
        120_000,
      );
      const s = (await store.stats(Date.now())).deliveriesByState;
      const stats = fake.stats();
      expect(s.sent + s.maybe_delivered).toBe(3 * PER_PROCESS);
      expect(s.failed).toBe(0);
      expect(stats.duplicates).toBe(0);
      expect(Object.values(stats.acceptedByToken).every((n) => n === 1)).toBe(true);
      expect(stats.messagesAccepted).toBeGreaterThanOrEqual(s.sent);
      expect(stats.messagesAccepted).toBeLessThanOrEqual(s.sent + s.maybe_delivered);
      console.log(`failover: ${s.sent} sent, ${s.maybe_delivered} maybe_delivered after SIGKILL of one of three processes`);
    } finally {
      await stopAll(workers.map((w) => w.proc));
      await store.close();
    }
  });
});
