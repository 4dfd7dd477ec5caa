/**
 * A second SIGTERM/SIGINT exits at once. The first one starts a graceful stop, which waits for
 * in-flight Expo requests; here Expo never answers, so only the second signal can end the process
 * (exit code 128 + the second signal's number).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { Pushgate } from '../src/core/pushgate.js';
import { type FakeExpo, startFakeExpo } from '../src/fake-expo/index.js';
import { eventually } from './support/harness.js';

const KEY = 'pgk_cli_signals_test_key';
let fake: FakeExpo;
let dir: string;
const children = new Set<ChildProcess>();
beforeAll(async () => {
  fake = await startFakeExpo({ rateLimitPerSecond: 0 });
  dir = mkdtempSync(join(tmpdir(), 'pushgate-signals-'));
});
afterEach(() => {
  // A failed assertion must not leave a process running after the test.
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children.clear();
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A migrated SQLite file with one queued notification, so the engine has an Expo request to make. */
async function seed(name: string): Promise<string> {
  const file = join(dir, `${name}.db`);
  const pushgate = await Pushgate.open({ databaseUrl: `file:${file}`, runEngine: false, logLevel: 'silent' });
  await pushgate.recordToken({ userId: 'u1', pushToken: `ExponentPushToken[signals-${name}]` });
  await pushgate.sendPushNotification({ userId: 'u1', notification: { title: 'never answered' } });
  await pushgate.close();
  return file;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const [command, first, second, code] of [
  ['serve', 'SIGTERM', 'SIGTERM', 143],
  ['worker', 'SIGINT', 'SIGINT', 130],
  ['serve', 'SIGINT', 'SIGTERM', 143],
] as const) {
  it(`${command}: ${first} then ${second} while an Expo request hangs exits at once with ${code}`, { timeout: 30_000 }, async () => {
    const file = await seed(`${command}-${first}-${second}`);
    fake.faults.hangNextRequests = 1_000;
    const requestsBefore = fake.stats().sendRequests;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', command, ...(command === 'serve' ? ['--port', '0'] : [])], {
      env: {
        ...process.env,
        PUSHGATE_DATABASE_URL: `file:${file}`,
        PUSHGATE_EXPO_URL: fake.url,
        PUSHGATE_API_KEYS: KEY,
        PUSHGATE_SEND_RATE: '0',
        PUSHGATE_LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.add(child);
    const output: string[] = [];
    createInterface({ input: child.stdout! }).on('line', (line) => output.push(line));
    let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('close', (c, s) => {
        exited = { code: c, signal: s };
        resolve(exited);
      }),
    );

    await eventually(() => fake.stats().sendRequests > requestsBefore, 'the engine has an Expo request in flight', 15_000);
    child.kill(first);
    await eventually(() => output.some((line) => line.startsWith(`${first}: no longer accepting requests`)), 'the first signal is handled');
    // The graceful stop waits for the hung Expo request (up to the 30 s Expo timeout).
    await sleep(1_000);
    expect(exited).toBeNull();

    const sentAt = Date.now();
    child.kill(second);
    expect(await exit).toEqual({ code, signal: null });
    expect(Date.now() - sentAt).toBeLessThan(3_000);
    expect(output).toContain(`${second} again: exiting now, without waiting`);
    expect(output).not.toContain('stopped cleanly');
  });
}
