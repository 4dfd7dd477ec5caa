/**
 * Crash safety: a process sending 20,000 notifications is killed with SIGKILL mid-run and a new
 * one takes over. Every accepted notification must end in a final state and the fake Expo must
 * have accepted each message at most once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeExpo, startFakeExpo } from '../../src/fake-expo/index.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';

const TOTAL = 20_000;
let fake: FakeExpo;
let dir: string;

beforeAll(async () => {
  fake = await startFakeExpo({ rateLimitPerSecond: 0, latencyMs: 15 });
  dir = mkdtempSync(join(tmpdir(), 'pushgate-crash-'));
});
const children: ChildProcess[] = [];
afterAll(async () => {
  // A failed assertion must not leave a child running after the suite.
  for (const proc of children) if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

function child(mode: 'send' | 'drain', databaseUrl: string) {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'test/support/sigkill-child.ts', mode, databaseUrl, fake.url, String(TOTAL)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(proc);
  const lines = createInterface({ input: proc.stdout! });
  return { proc, lines };
}

it('loses nothing and sends nothing twice across a SIGKILL', { timeout: 180_000 }, async () => {
  const databaseUrl = `file:${join(dir, 'crash.db')}`;
  const sender = child('send', databaseUrl);
  let accepted = 0;
  await new Promise<void>((resolve, reject) => {
    sender.proc.on('exit', (code) => reject(new Error(`sender exited early with ${code}`)));
    // Kill once a good part is queued and sending is well under way. Checked on every line and
    // on a timer too: the sender may queue everything before the fake has accepted 1,000, and
    // then no further line would come to trigger the kill.
    let killed = false;
    const killWhenUnderWay = () => {
      if (killed || accepted < TOTAL / 2 || fake.stats().messagesAccepted <= 1_000) return;
      killed = true;
      clearInterval(poll);
      sender.proc.removeAllListeners('exit');
      sender.proc.kill('SIGKILL');
      resolve();
    };
    const poll = setInterval(killWhenUnderWay, 10);
    sender.lines.on('line', (line) => {
      const m = /^accepted (\d+)$/.exec(line);
      if (m) accepted = Number(m[1]);
      killWhenUnderWay();
    });
  });
  await new Promise((resolve) => sender.proc.once('exit', resolve));
  const acceptedBeforeKill = fake.stats().messagesAccepted;
  expect(accepted).toBeGreaterThan(0);
  expect(acceptedBeforeKill).toBeLessThan(TOTAL);

  const restartedAt = Date.now();
  const drainer = child('drain', databaseUrl);
  const drained = await new Promise<boolean>((resolve) => {
    drainer.lines.on('line', (line) => line === 'drained' && resolve(true));
    drainer.proc.on('exit', () => resolve(false));
  });
  expect(drained).toBe(true);
  const recoveredAfterMs = Date.now() - restartedAt;
  // The dead sender's claims were leased for 60 s: finishing sooner means its stopped heartbeat,
  // not the lease, gave them back.
  expect(recoveredAfterMs).toBeLessThan(60_000);
  await new Promise((resolve) => (drainer.proc.exitCode === null ? drainer.proc.once('exit', resolve) : resolve(null)));

  const store = createSqliteStore(databaseUrl.slice('file:'.length));
  try {
    const stats = await store.stats(Date.now());
    const s = stats.deliveriesByState;
    const stored = Object.values(s).reduce((a, b) => a + b, 0);
    // Every notification the sender reported accepted is stored (one device each).
    expect(stored).toBeGreaterThanOrEqual(accepted);
    expect(s.queued + s.sending + s.retrying + s.sent).toBe(0);
    expect(s.failed).toBe(0);
    const fakeStats = fake.stats();
    expect(fakeStats.duplicates).toBe(0);
    expect(Object.values(fakeStats.acceptedByToken).every((count) => count === 1)).toBe(true);
    // Accepted by Expo = delivered + those whose answer died with the process (maybe_delivered).
    expect(s.delivered).toBeLessThanOrEqual(fakeStats.messagesAccepted);
    expect(fakeStats.messagesAccepted).toBeLessThanOrEqual(s.delivered + s.maybe_delivered);
    console.log(
      `crash test: ${accepted} accepted before the kill (${stored} stored), ${acceptedBeforeKill} sent before it, ` +
        `${s.delivered} delivered, ${s.maybe_delivered} maybe_delivered; all final ${(recoveredAfterMs / 1000).toFixed(1)} s after the restart ` +
        `(leases run 60 s: the dead process was recognised by its stopped heartbeat)`,
    );
  } finally {
    await store.close();
  }
});
