/**
 * Installing from a git URL (`npm install git+file:///...` of a clone of the last commit): npm
 * clones, installs the dev dependencies there, builds dist/ on `prepare` and packs it. Then the
 * installed package imports and sends, and its `pushgate` command runs. About four minutes on a
 * 2-core machine (better-sqlite3 compiles twice: in the clone and in the project), so it is not
 * part of `npm test`: run it with `npm run test:git-install`.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeExpo, startFakeExpo } from '../src/fake-expo/index.js';

const MINUTE = 60_000;
let tmp: string;
let consumer: string;
let fake: FakeExpo;

async function run(command: string, args: string[], cwd: string, timeout = 10 * MINUTE): Promise<string> {
  const env = { ...process.env, npm_config_update_notifier: 'false' };
  return (await promisify(execFile)(command, args, { cwd, timeout, encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 })).stdout;
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'pushgate-git-'));
  const repo = join(tmp, 'repo');
  await run('git', ['clone', '--quiet', resolve('.'), repo], tmp);
  consumer = join(tmp, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', allowScripts: { 'better-sqlite3': true } }));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', `git+file://${repo}`], consumer, 12 * MINUTE);
  fake = await startFakeExpo({ rateLimitPerSecond: 0 });
}, 15 * MINUTE);

afterAll(async () => {
  await fake?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('npm install from a git URL', () => {
  it('installs a built package: the library sends, the command runs', { timeout: MINUTE }, async () => {
    writeFileSync(
      join(consumer, 'send.mjs'),
      `import { Pushgate } from 'pushgate';
const pushgate = await Pushgate.open({ databaseUrl: 'file:./git.db', expo: { url: ${JSON.stringify(fake.url)} }, logLevel: 'ERROR' });
await pushgate.recordToken({ userId: 'git', pushToken: 'ExponentPushToken[from-git]' });
const id = await pushgate.sendPushNotification({ userId: 'git', notification: { title: 'from git' } });
console.log(JSON.stringify({ status: (await pushgate.waitForOutcome({ id, timeoutMs: 20000 })).status }));
await pushgate.close();`,
    );
    expect(JSON.parse((await run(process.execPath, ['send.mjs'], consumer, MINUTE)).trim())).toEqual({ status: 'sent' });
    expect((await run('npx', ['pushgate', '--version'], consumer, MINUTE)).trim()).toBe('0.1.0');
  });
});
