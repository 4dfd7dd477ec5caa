/**
 * Every CLI command says which database it uses; the read-only ones (`keys list`, `keys revoke`)
 * never create one: run from another folder, `keys list` used to print "no API keys" and leave a
 * new `./data/pushgate.db` behind. `migrate` and `keys create` may create, and say so.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve('.');
const dir = mkdtempSync(join(tmpdir(), 'pushgate-cli-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI in `cwd` with a clean PUSHGATE_DATABASE_URL; resolves with its exit code and output lines. */
function cli(cwd: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string[]; stderr: string[] }> {
  const { PUSHGATE_DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(root, 'src/cli/main.ts'), ...args], {
    cwd,
    env: { ...inherited, ...env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
  });
  child.stderr.on('data', (chunk) => {
    err += chunk;
  });
  return new Promise((done) => child.once('close', (code) => done({ code, stdout: out.split('\n').filter(Boolean), stderr: err.split('\n').filter(Boolean) })));
}

describe('pushgate keys', () => {
  it('keys list in a folder without a database: an error naming the path looked at; nothing created', { timeout: 30_000 }, async () => {
    const elsewhere = mkdtempSync(join(dir, 'elsewhere-'));
    const r = await cli(elsewhere, ['keys', 'list']);
    expect(r.code).toBe(1);
    expect(r.stdout).toEqual([`database: file:./data/pushgate.db (SQLite, ${join(elsewhere, 'data/pushgate.db')})`]);
    expect(r.stderr.join('\n')).toContain(`no database at ${join(elsewhere, 'data/pushgate.db')}`);
    expect(readdirSync(elsewhere)).toEqual([]);
    const revoke = await cli(elsewhere, ['keys', 'revoke', 'key_x']);
    expect(revoke.code).toBe(1);
    expect(revoke.stderr.join('\n')).toContain('no database at');
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('keys create makes the folder and the database and says so; keys list then reads it, and says which', { timeout: 30_000 }, async () => {
    const home = mkdtempSync(join(dir, 'home-'));
    const created = await cli(home, ['keys', 'create', '--name', 'backend']);
    expect(created.code).toBe(0);
    expect(created.stdout[0]).toBe(`database: file:./data/pushgate.db (SQLite, ${join(home, 'data/pushgate.db')})`);
    expect(created.stdout[1]).toBe(`created folder ${join(home, 'data')}`);
    expect(created.stdout.some((line) => line.startsWith('key: '))).toBe(true);
    expect(existsSync(join(home, 'data/pushgate.db'))).toBe(true);

    const listed = await cli(home, ['keys', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout[0]).toBe(`database: file:./data/pushgate.db (SQLite, ${join(home, 'data/pushgate.db')})`);
    expect(listed.stdout[1]).toMatch(/^key_\S+\tbackend\t/);

    // The same database named from elsewhere.
    const other = mkdtempSync(join(dir, 'other-'));
    const named = await cli(other, ['keys', 'list', '--database-url', `file:${join(home, 'data/pushgate.db')}`]);
    expect(named.code).toBe(0);
    expect(named.stdout[1]).toMatch(/\tbackend\t/);
    expect(readdirSync(other)).toEqual([]);
  });

  it('migrate says which database it migrated', { timeout: 30_000 }, async () => {
    const home = mkdtempSync(join(dir, 'migrate-'));
    const r = await cli(home, ['migrate', '--database-url', 'file:db/p.db']);
    expect(r.code).toBe(0);
    expect(r.stdout).toEqual([
      `database: file:db/p.db (SQLite, ${join(home, 'db/p.db')})`,
      `created folder ${join(home, 'db')}`,
      'migrations applied to file:db/p.db',
    ]);
  });
});
