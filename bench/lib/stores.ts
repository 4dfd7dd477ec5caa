/** Which stores a benchmark run covers, and a fresh empty database for each scenario. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/port.js';

export type StoreKind = 'sqlite' | 'postgres';

export const POSTGRES_URL = process.env.PUSHGATE_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A description of a fresh database another process can open too. */
export interface FreshDatabase {
  url: string;
  schema?: string;
}

export function freshDatabase(kind: StoreKind): FreshDatabase {
  if (kind === 'sqlite') return { url: `file:${join(mkdtempSync(join(tmpdir(), 'pushgate-bench-')), 'bench.db')}` };
  return { url: POSTGRES_URL, schema: `bench_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}` };
}

export async function openFresh(db: FreshDatabase): Promise<Store> {
  const store = await openStore(db.url, db.schema ? { schema: db.schema } : {});
  await store.migrate();
  return store;
}

export async function dropFresh(db: FreshDatabase): Promise<void> {
  if (!db.schema) return;
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${db.schema}" CASCADE`);
  await client.end();
}
