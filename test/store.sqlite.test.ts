/**
 * SqliteStore: the shared conformance suite on temp files, then what is SQLite's own: pragmas,
 * versioned migrations, the file and its directory, query plans on the partial indexes, and
 * several OS processes claiming from one file.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DUE_SQL, NEXT_DUE_SQL, RECOVER_SQL } from '../src/store/sqlite/dispatch.js';
import { ACTIVE_DEVICES_SQL } from '../src/store/sqlite/enqueue.js';
import { PURGE_SQL } from '../src/store/sqlite/housekeeping.js';
import { createSqliteStore, type SqliteStore } from '../src/store/sqlite/index.js';
import { LATEST_VERSION, MIGRATIONS } from '../src/store/sqlite/migrations.js';
import { NEXT_RECEIPT_SQL, RECEIPTS_DUE_SQL } from '../src/store/sqlite/receipts.js';
import { REFRESH_SQL } from '../src/store/sqlite/status.js';
import { T0 } from './store/conformance/context.js';
import { describeStoreConformance } from './store/conformance.js';

const dir = mkdtempSync(join(tmpdir(), 'pushgate-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const newFile = () => join(dir, `store-${++files}.db`);

describeStoreConformance(
  'SqliteStore',
  async (clock) => {
    const store = createSqliteStore(newFile(), { clock });
    await store.migrate();
    return store;
  },
  {
    async makeSharedPair(clock) {
      const file = newFile();
      const a = createSqliteStore(file, { clock });
      await a.migrate();
      return [a, createSqliteStore(file, { clock })];
    },
  },
);

describe('SqliteStore on its own', () => {
  const opened: SqliteStore[] = [];
  const open = (path: string) => {
    const store = createSqliteStore(path);
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });

  it('opens the file in WAL mode with the documented pragmas', async () => {
    const store = open(newFile());
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('creates the file and its missing directories', async () => {
    const path = join(dir, 'new', 'nested', 'pushgate.db');
    expect(existsSync(dirname(path))).toBe(false);
    const store = open(path);
    await store.migrate();
    expect(existsSync(path)).toBe(true);
    expect((await store.health()).ready).toBe(true);
  });

  it('works in memory', async () => {
    const store = open(':memory:');
    expect((await store.health()).ready).toBe(false);
    await store.migrate();
    await store.recordTokens([{ userId: 'm', token: 'ExponentPushToken[mem]' }], T0);
    expect((await store.enqueueNotifications([{ id: 'ntf_mem', userId: 'm', content: {} }], T0))[0]!.kind).toBe('queued');
  });

  it('records each migration version once and is ready only when all are applied', async () => {
    const path = newFile();
    const first = open(path);
    expect((await first.health()).ready).toBe(false);
    await Promise.all([first.migrate(), open(path).migrate()]);
    await first.migrate();
    const rows = first.db.prepare('SELECT version, name, applied_at FROM migrations ORDER BY version').all() as {
      version: number;
      name: string;
    }[];
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(rows.every((r) => r.name.length > 0)).toBe(true);
    expect((await open(path).health()).ready).toBe(true); // another connection sees it without migrating
    first.db.prepare('DELETE FROM migrations WHERE version = ?').run(LATEST_VERSION);
    expect((await first.health()).ready).toBe(false);
  });

  it('is not ready once closed', async () => {
    const store = createSqliteStore(newFile());
    await store.migrate();
    await store.close();
    await store.close();
    expect((await store.health()).ready).toBe(false);
    await expect(store.stats(T0)).rejects.toThrow();
  });

  it('answers the hot queries from partial indexes, never by scanning finished rows', async () => {
    const store = open(newFile());
    await store.migrate();
    const plan = (sql: string, ...params: unknown[]) =>
      (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
    const due = plan(DUE_SQL, T0, 100);
    expect(due).toMatch(/SEARCH d USING INDEX deliveries_due_idx/);
    expect(due).not.toMatch(/SCAN|TEMP B-TREE/);
    expect(plan(RECEIPTS_DUE_SQL, T0, 100)).toMatch(/^SEARCH deliveries USING (COVERING )?INDEX deliveries_receipt_due_idx/);
    // Recovery walks the partial index of `sending` rows: only what is in flight, never finished rows.
    expect(
      plan(RECOVER_SQL, { now: T0, state: 'queued', nextAttemptAt: T0, completedAt: null, errorCode: null, errorMessage: null, started: 0, dead: '["p"]' }),
    ).toMatch(/^(SEARCH|SCAN) deliveries USING (COVERING )?INDEX deliveries_lease_idx/);
    expect(plan(NEXT_DUE_SQL)).toMatch(/deliveries_due_idx/);
    expect(plan(NEXT_RECEIPT_SQL)).toMatch(/deliveries_receipt_due_idx/);
    expect(plan(PURGE_SQL, T0, 100)).toMatch(/SEARCH n USING INDEX notifications_finished_idx/);
    const devices = plan(ACTIVE_DEVICES_SQL, 'u', 'u');
    expect(devices).toMatch(/^SEARCH devices USING INDEX devices_user_idx \(user_id=\?\)/);
    expect(devices).toMatch(/SEARCH recipients USING PRIMARY KEY/);
    expect(devices).not.toMatch(/SCAN|TEMP B-TREE/);
    expect(plan(REFRESH_SQL, { now: T0, ids: '[]' })).toMatch(/deliveries_notification_idx/);
    expect(plan(REFRESH_SQL, { now: T0, ids: '[]' })).not.toMatch(/SCAN deliveries/);
  });

  it('lists by status through the partial status index', async () => {
    const store = open(newFile());
    await store.migrate();
    const sql = `EXPLAIN QUERY PLAN SELECT id FROM notifications WHERE status = ? AND status NOT IN ('queued', 'sending')
      ORDER BY created_at DESC, id DESC LIMIT 10`;
    const detail = (store.db.prepare(sql).all('failed') as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(detail).toMatch(/notifications_status_idx/);
    expect(detail).not.toMatch(/TEMP B-TREE/);
  });

  it('keeps claims exclusive across OS processes sharing the file', { timeout: 60_000 }, async () => {
    const path = newFile();
    const store = open(path);
    await store.migrate();
    const users = Array.from({ length: 1500 }, (_, i) => `p${i}`);
    await store.recordTokens(
      users.flatMap((userId) => [0, 1].map((k) => ({ userId, token: `ExponentPushToken[${userId}-${k}]` }))),
      T0,
    );
    await store.enqueueNotifications(
      users.map((userId, i) => ({ id: `ntf_p${String(i).padStart(5, '0')}`, userId, content: { i } })),
      T0,
    );
    const results = await runChildren(['a', 'b', 'c'].map((owner) => ['claim', path, owner]));
    const perProcess = results.map((r) => JSON.parse(r) as string[]);
    const all = perProcess.flat();
    expect(all).toHaveLength(3000);
    expect(new Set(all).size).toBe(3000);
    for (const mine of perProcess) expect(mine.length).toBeGreaterThan(0);
    expect((await store.stats(Date.now())).deliveriesByState.sending).toBe(3000);
  });

  it('shares the send budget across OS processes: never over the limit in any 1000 ms window', { timeout: 60_000 }, async () => {
    const path = newFile();
    const store = open(path);
    await store.migrate();
    const users = Array.from({ length: 1500 }, (_, i) => `b${i}`);
    await store.recordTokens(
      users.map((userId) => ({ userId, token: `ExponentPushToken[${userId}]` })),
      T0,
    );
    await store.enqueueNotifications(
      users.map((userId, i) => ({ id: `ntf_b${String(i).padStart(5, '0')}`, userId, content: { i } })),
      T0,
    );
    const results = await runChildren(['a', 'b', 'c'].map((owner) => ['budget', path, owner, '2500']));
    const started = results.reduce((sum, r) => sum + (JSON.parse(r) as number), 0);
    // The ledger holds every grant at the time the store stamped it.
    const grants = store.db.prepare(`SELECT at_ms AS at, count AS n FROM send_budget WHERE project = 'proj' ORDER BY at_ms`).all() as {
      at: number;
      n: number;
    }[];
    expect(grants.reduce((sum, g) => sum + g.n, 0)).toBe(started);
    for (const g of grants) {
      const inWindow = grants.filter((h) => h.at > g.at - 1000 && h.at <= g.at).reduce((sum, h) => sum + h.n, 0);
      expect(inWindow).toBeLessThanOrEqual(150);
    }
    expect(grants.reduce((sum, g) => sum + g.n, 0)).toBeGreaterThanOrEqual(300);
  });
});

/** Starts one child per argument list, lets them all go at once, and returns each one's last line. */
async function runChildren(argLists: string[][]): Promise<string[]> {
  const children = argLists.map((args) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'test/store/sqlite-child.ts', ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines: string[] = [];
    const ready = new Promise<void>((resolve) => {
      createInterface({ input: proc.stdout! }).on('line', (line) => {
        lines.push(line);
        if (line === 'ready') resolve();
      });
    });
    const exited = new Promise<number | null>((resolve) => proc.on('exit', resolve));
    return { proc, lines, ready, exited };
  });
  await Promise.all(children.map((c) => c.ready));
  for (const c of children) c.proc.stdin!.write('go\n');
  const codes = await Promise.all(children.map((c) => c.exited));
  expect(codes).toEqual(children.map(() => 0));
  return children.map((c) => c.lines[c.lines.length - 1]!);
}
