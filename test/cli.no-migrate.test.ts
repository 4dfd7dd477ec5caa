/**
 * `serve --no-migrate` / `worker --no-migrate` (and PUSHGATE_MIGRATE=false) on a database that was
 * never migrated: the process stops at startup with a message saying what to do, exit code 1, and
 * no engine ever runs against the missing tables. Once migrated, `--no-migrate` starts normally.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LATEST_VERSION as PG_LATEST } from '../src/store/postgres/migrations.js';
import { createSqliteStore } from '../src/store/sqlite/index.js';
import { LATEST_VERSION as SQLITE_LATEST } from '../src/store/sqlite/migrations.js';
import { postgresAvailable, TEST_DATABASE_URL } from './support/postgres.js';

const message = (applied: number, need: number) =>
  `pushgate: database schema is not migrated (applied v${applied}, need v${need}): run \`pushgate migrate\` or start without --no-migrate`;

let dir: string;
const children = new Set<ChildProcess>();
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pushgate-no-migrate-'));
});
afterEach(() => {
  // A failed assertion must not leave a server running after the test.
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children.clear();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function pushgate(args: string[], env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env: { ...process.env, PUSHGATE_API_KEYS: 'pgk_no_migrate_test', PUSHGATE_EXPO_URL: 'http://127.0.0.1:9', PUSHGATE_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const stdout: string[] = [];
  const stderr: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => stdout.push(line));
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    // 'close': the process exited and its output was read to the end.
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout, stderr, exit };
}

/** Expects the run to stop at startup with the not-migrated message and nothing else. */
async function expectRefused(run: Run, applied: number, need: number): Promise<void> {
  const stillRunning = new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 15_000).unref());
  expect(await Promise.race([run.exit, stillRunning])).toEqual({ code: 1, signal: null });
  expect(run.stderr).toEqual([message(applied, need)]);
  // No engine error logs (JSON lines), no "listening", no first-start key.
  expect(run.stdout).toEqual([]);
}

describe('SQLite, a fresh file', () => {
  for (const [name, args, env] of [
    ['serve --no-migrate', ['serve', '--no-migrate'], {}],
    ['worker --no-migrate', ['worker', '--no-migrate'], {}],
    ['serve with PUSHGATE_MIGRATE=false', ['serve'], { PUSHGATE_MIGRATE: 'false' }],
  ] as const) {
    it(`${name} on a file that does not exist exits 1 saying so, and creates nothing`, { timeout: 30_000 }, async () => {
      const file = join(dir, `fresh-${randomBytes(4).toString('hex')}.db`);
      const run = pushgate([...args], { ...env, PUSHGATE_DATABASE_URL: `file:${file}` });
      expect((await run.exit).code).toBe(1);
      expect(run.stderr).toEqual([
        `pushgate: no database at ${file} (file:${file}): run the command where the database is, or name it with --database-url or PUSHGATE_DATABASE_URL (\`pushgate migrate\` creates one)`,
      ]);
      expect(run.stdout).toEqual([]);
      expect(existsSync(file)).toBe(false);
    });
  }

  it('serve --no-migrate on an empty file (never migrated) exits 1 with "database schema is not migrated"', { timeout: 30_000 }, async () => {
    const file = join(dir, 'empty.db');
    await createSqliteStore(file).close();
    await expectRefused(pushgate(['serve', '--no-migrate'], { PUSHGATE_DATABASE_URL: `file:${file}` }), 0, SQLITE_LATEST);
  });

  it('serve --no-migrate on a database migrated only in part (an empty migrations table) is refused too', { timeout: 30_000 }, async () => {
    const file = join(dir, 'partial.db');
    const store = createSqliteStore(file);
    store.db.exec('CREATE TABLE migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    await store.close();
    await expectRefused(pushgate(['serve', '--no-migrate'], { PUSHGATE_DATABASE_URL: `file:${file}` }), 0, SQLITE_LATEST);
  });

  it('after `pushgate migrate`, serve --no-migrate starts and is ready', { timeout: 30_000 }, async () => {
    const file = join(dir, 'migrated.db');
    const env = { PUSHGATE_DATABASE_URL: `file:${file}` };
    const migrate = pushgate(['migrate'], env);
    expect(await migrate.exit).toEqual({ code: 0, signal: null });
    expect(existsSync(file)).toBe(true);

    const serve = pushgate(['serve', '--no-migrate'], { ...env, PUSHGATE_LOG_LEVEL: 'warn' });
    const url = await new Promise<string>((resolve, reject) => {
      serve.child.stdout!.on('data', () => {
        const m = serve.stdout.map((line) => /listening on (http:\/\/\S+)/.exec(line)).find(Boolean);
        if (m) resolve(m[1]!);
      });
      serve.exit.then(({ code }) => reject(new Error(`serve exited early (${code}): ${serve.stderr.join('\n')}`)));
    });
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', store: 'sqlite', engine: 'running' });
    serve.child.kill('SIGTERM');
    expect(await serve.exit).toEqual({ code: 0, signal: null });
    expect(serve.stderr).toEqual([]);
  });
});

describe('PostgreSQL, a fresh database', async () => {
  const available = await postgresAvailable();
  const database = `pushgate_cli_${randomBytes(5).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${database}`;
  beforeAll(async () => {
    if (available) await admin(`CREATE DATABASE ${database}`);
  });
  afterAll(async () => {
    if (available) await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  });

  it.skipIf(!available)('serve --no-migrate exits 1 with "database schema is not migrated"', { timeout: 30_000 }, async () => {
    await expectRefused(pushgate(['serve', '--no-migrate'], { PUSHGATE_DATABASE_URL: url.toString() }), 0, PG_LATEST);
  });

  it.skipIf(!available)('worker --no-migrate too', { timeout: 30_000 }, async () => {
    await expectRefused(pushgate(['worker', '--no-migrate'], { PUSHGATE_DATABASE_URL: url.toString() }), 0, PG_LATEST);
  });
});
