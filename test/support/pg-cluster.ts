/**
 * A PostgreSQL server of a test's own, for fault tests that stop, restart or cut the database:
 * never the shared server on 5432. Made with Debian's pg_createcluster on a free port (trust
 * auth, fsync off), dropped by `drop()`. Clusters left by a killed run are named
 * `pushgate_fault_*` and are dropped by the next `createCluster` when their owner is gone.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import pg from 'pg';

const PREFIX = 'pushgate_fault_';

export interface TestCluster {
  readonly name: string;
  readonly port: number;
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  readonly url: string;
  start(): void;
  /** Stops the server at once (`-m immediate`: every connection is cut, like a crash). */
  stop(): void;
  /** Terminates every backend but the one asking; returns how many. */
  terminateBackends(): Promise<number>;
  drop(): void;
}

function version(): string {
  const versions = readdirSync('/etc/postgresql').sort();
  if (versions.length === 0) throw new Error('no PostgreSQL installed (/etc/postgresql is empty)');
  return versions[versions.length - 1]!;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function ctl(...args: string[]): void {
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', ...args], { stdio: 'pipe' });
}

/** Drops clusters of earlier runs whose process is gone (the pid is part of the name). */
function dropStale(ver: string): void {
  let names: string[] = [];
  try {
    names = readdirSync(`/etc/postgresql/${ver}`).filter((n) => n.startsWith(PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(name.slice(PREFIX.length).split('_')[0]);
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) continue;
    try {
      execFileSync('pg_dropcluster', ['--stop', ver, name], { stdio: 'pipe' });
    } catch {
      // another run may be dropping it
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Creates and starts a cluster; throws (never skips) when the machine cannot. */
export async function createCluster(): Promise<TestCluster> {
  const ver = version();
  dropStale(ver);
  const port = await freePort();
  const name = `${PREFIX}${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  execFileSync(
    'pg_createcluster',
    [ver, name, '-p', String(port), '-o', 'fsync=off', '-o', 'full_page_writes=off', '-o', 'max_connections=200', '--', '--auth=trust'],
    { stdio: 'pipe' },
  );
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const cluster: TestCluster = {
    name,
    port,
    url,
    start: () => ctl(ver, name, 'start'),
    stop: () => ctl(ver, name, 'stop', '-m', 'immediate'),
    async terminateBackends() {
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => {});
      await client.connect();
      try {
        const result = await client.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'`,
        );
        return result.rowCount ?? 0;
      } finally {
        await client.end().catch(() => {});
      }
    },
    drop: () => execFileSync('pg_dropcluster', ['--stop', ver, name], { stdio: 'pipe' }),
  };
  cluster.start();
  await waitUntilUp(url);
  return cluster;
}

/** Resolves once the server accepts connections (throws after `timeoutMs`). */
export async function waitUntilUp(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`PostgreSQL at ${url} did not come up: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.end().catch(() => {});
    }
  }
}

/** The server's log, for a failing test's message. */
export function clusterLog(cluster: TestCluster): string {
  try {
    return readFileSync(`/var/log/postgresql/postgresql-${version()}-${cluster.name}.log`, 'utf8').slice(-4_000);
  } catch {
    return '';
  }
}
