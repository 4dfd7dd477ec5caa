/**
 * The package as a user gets it. The working tree's files (what a fresh clone of it would hold,
 * uncommitted changes included) are copied to a temporary folder and packed with `npm pack`, which
 * builds dist/ on `prepare`. The tarball is installed with `npm install` into an empty project
 * whose package.json allows better-sqlite3's install script (`allowScripts`; the install runs with
 * --strict-allow-scripts, so nothing else needs one). There `npx pushgate serve` runs against a
 * fake Expo and a temporary SQLite file and sends through `pushgate/client`; a script imports
 * `pushgate` and `pushgate/convex` and sends through the library; and tsc checks the types of all
 * three entry points. Run by `npm run test:pack` (part of `npm test`); about two minutes, most of
 * it compiling better-sqlite3.
 */
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeExpo, startFakeExpo } from '../src/fake-expo/index.js';
import { eventually } from './support/harness.js';

const root = resolve('.');
const MINUTE = 60_000;
let tmp: string;
let consumer: string;
let tarball: string;
let fake: FakeExpo;
const children: ChildProcess[] = [];

/** Runs a command to its end (asynchronously: the fake Expo in this process must keep answering). */
async function run(command: string, args: string[], cwd: string, timeout = 5 * MINUTE): Promise<string> {
  const env = { ...process.env, npm_config_update_notifier: 'false' };
  const { stdout } = await promisify(execFile)(command, args, { cwd, timeout, encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** The files a fresh clone of the working tree would have: tracked and untracked, minus ignored ones. */
function copyWorkingTree(to: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    mkdirSync(dirname(join(to, file)), { recursive: true });
    try {
      copyFileSync(join(root, file), join(to, file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // deleted but not yet committed
    }
  }
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'pushgate-pack-'));
  const clone = join(tmp, 'clone');
  copyWorkingTree(clone);
  // prepare needs the dev dependencies (tsc); the checkout's are the same versions.
  symlinkSync(join(root, 'node_modules'), join(clone, 'node_modules'));
  const packed = JSON.parse(await run('npm', ['pack', '--json', '--pack-destination', tmp], clone)) as { filename: string; files: { path: string }[] }[];
  tarball = join(tmp, packed[0]!.filename);
  const files = packed[0]!.files.map((f) => f.path);
  expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'bin/pushgate.js', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js']));
  expect(files).toEqual(expect.arrayContaining(['dist/convex/index.js', 'dist/convex/index.d.ts', 'dist/client/index.js', 'dist/client/schema.d.ts']));
  expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/') || f.endsWith('.map'))).toEqual([]);

  consumer = join(tmp, 'consumer');
  mkdirSync(consumer);
  // better-sqlite3 compiles its native module on install. pushgate's own `prepare` (the build, for
  // checkouts and git installs) never runs for a tarball, but npm lists it: deny it, silently.
  const allowScripts = { 'better-sqlite3': true, [`file:${tarball}`]: false };
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', allowScripts }, null, 2));
  await run('npm', ['install', '--strict-allow-scripts', '--no-audit', '--no-fund', '--prefer-offline', tarball], consumer, 8 * MINUTE);
  fake = await startFakeExpo({ rateLimitPerSecond: 0 });
}, 12 * MINUTE);

afterAll(async () => {
  for (const child of children) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await fake?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Runs a module in the consumer project and returns what it printed as JSON. */
async function script(name: string, source: string): Promise<unknown> {
  writeFileSync(join(consumer, name), source);
  return JSON.parse((await run(process.execPath, [name], consumer, MINUTE)).trim().split('\n').at(-1)!);
}

describe('npm start in a checkout', () => {
  it('does not run tsc when dist/ is newer than every source, and rebuilds once a source changes', { timeout: 2 * MINUTE }, async () => {
    const clone = join(tmp, 'clone');
    expect(JSON.parse(readFileSync(join(clone, 'package.json'), 'utf8')).scripts.start).toBe('node scripts/build.mjs --if-stale && node bin/pushgate.js serve');
    const stamp = join(clone, 'dist/cli/main.js');
    const built = statSync(stamp).mtimeMs; // built by prepare during npm pack
    await run(process.execPath, ['scripts/build.mjs', '--if-stale'], clone);
    expect(statSync(stamp).mtimeMs).toBe(built);
    const later = new Date(Date.now() + 2_000);
    utimesSync(join(clone, 'src/index.ts'), later, later);
    await run(process.execPath, ['scripts/build.mjs', '--if-stale'], clone);
    expect(statSync(stamp).mtimeMs).toBeGreaterThan(built);
  });
});

describe('npm pack, then npm install of the tarball in an empty project', () => {
  it('installs no Node-22-only dependency (cookie@2 came with light-my-request 6.8)', async () => {
    const tree = await run('npm', ['ls', 'cookie', 'light-my-request', '--all', '--json'], consumer);
    expect(tree).not.toMatch(/"version": "2\./);
  });

  it('`npx pushgate serve` runs from the installed package; pushgate/client sends through it to Expo', { timeout: 2 * MINUTE }, async () => {
    const serve = spawn('npx', ['pushgate', 'serve', '--port', '0'], {
      cwd: consumer,
      env: {
        ...process.env,
        PUSHGATE_DATABASE_URL: 'file:./data/pushgate.db',
        PUSHGATE_EXPO_URL: fake.url,
        PUSHGATE_API_KEYS: 'pack-test-key',
        PUSHGATE_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: npx and the server it starts are stopped together.
      detached: true,
    });
    children.push(serve);
    let output = '';
    const url = await new Promise<string>((done, fail) => {
      serve.stdout!.on('data', (chunk) => {
        output += chunk;
        // The last line of the start-up banner: everything before it has been printed.
        const match = /listening on (http:\/\/\S+)[\s\S]*\ndocs: /.exec(output);
        if (match) done(match[1]!);
      });
      serve.stderr!.on('data', (chunk) => {
        output += chunk;
      });
      serve.once('exit', (code) => fail(new Error(`serve exited (${code}): ${output}`)));
    });
    expect(output).toContain(`database: file:./data/pushgate.db (SQLite, ${join(consumer, 'data/pushgate.db')})`);
    const result = await script(
      'client.mjs',
      `import { createPushgateClient, ok } from 'pushgate/client';
const client = createPushgateClient({ baseUrl: ${JSON.stringify(url)}, apiKey: 'pack-test-key' });
await ok(client.POST('/api/v1/push-notifications/device-tokens', { body: { user_id: 'packed', token: 'ExponentPushToken[packed-serve]' } }));
const sent = await ok(client.POST('/api/v1/push-notifications', { params: { query: { wait: 'true' } }, body: { user_id: 'packed', title: 'from the tarball' } }));
console.log(JSON.stringify({ status: sent.status }));`,
    );
    expect(result).toEqual({ status: 'sent' });
    process.kill(-serve.pid!, 'SIGTERM');
    await eventually(() => output.includes('stopped cleanly'), 'serve stopped cleanly on SIGTERM');
  });

  it("a script imports { Pushgate } from 'pushgate' (and the Convex drop-in) and sends through the fake Expo", { timeout: MINUTE }, async () => {
    const before = fake.stats().messagesAccepted;
    const result = await script(
      'library.mjs',
      `import { Pushgate } from 'pushgate';
import { PushNotifications } from 'pushgate/convex';
const pushgate = await Pushgate.open({ databaseUrl: 'file:./library.db', expo: { url: ${JSON.stringify(fake.url)} }, logLevel: 'ERROR' });
await pushgate.recordToken({ userId: 'lib', pushToken: 'ExponentPushToken[packed-lib]' });
const id = await pushgate.sendPushNotification({ userId: 'lib', notification: { title: 'library' } });
const library = (await pushgate.waitForOutcome({ id, timeoutMs: 20000 })).status;
const convex = new PushNotifications(pushgate);
const convexId = await convex.sendPushNotification(null, { userId: 'lib', notification: { title: 'convex' } });
await pushgate.waitForOutcome({ id: convexId, timeoutMs: 20000 });
const state = (await convex.getNotification(null, { id: convexId })).state;
await pushgate.close();
console.log(JSON.stringify({ library, state }));`,
    );
    expect(result).toEqual({ library: 'sent', state: 'delivered' });
    expect(fake.stats().messagesAccepted - before).toBe(2);
  });

  it('the types of pushgate, pushgate/convex and pushgate/client resolve and check with tsc', { timeout: 2 * MINUTE }, async () => {
    writeFileSync(
      join(consumer, 'check.ts'),
      `import { Pushgate, type PushMessageContent } from 'pushgate';
import { PushNotifications } from 'pushgate/convex';
import { createPushgateClient, ok } from 'pushgate/client';
export async function check(pushgate: Pushgate): Promise<string | null> {
  const content: PushMessageContent = { title: 'typed', expo: { later: 1 } };
  const convex = new PushNotifications(pushgate);
  const state: string | undefined = (await convex.getNotification(null, { id: 'x' }))?.state;
  const client = createPushgateClient({ baseUrl: 'http://127.0.0.1:1', apiKey: 'k' });
  const page = await ok(client.GET('/api/v1/push-notifications', { params: { query: { limit: 5 } } }));
  const total: number = page.pagination.total;
  return (await pushgate.sendPushNotification({ userId: 'u', notification: content })) ?? state ?? String(total);
}
`,
    );
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: [] },
        files: ['check.ts'],
      }),
    );
    await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], consumer, 2 * MINUTE);
    expect(readdirSync(consumer)).toContain('check.ts');
  });
});
