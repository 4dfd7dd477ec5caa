/**
 * PostgreSQL for tests: each store gets its own freshly migrated schema (`t_<random>`) in the
 * database at PUSHGATE_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
 * When the server is unreachable the PostgreSQL tests fail under CI and are skipped, loudly,
 * elsewhere. Schemas made here are dropped after each test file.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';
import type { Clock } from '../../src/domain/clock.js';
import { createPostgresStore, type PostgresStore, type PostgresStoreOptions } from '../../src/store/postgres/index.js';

export const TEST_DATABASE_URL = process.env.PUSHGATE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const created = new Set<string>();

// Every test file importing this (directly or through the harness) drops the schemas it made.
if (process.env.VITEST) afterAll(() => dropSchema());

/** True when PostgreSQL answers. Throws under CI (the tests must not silently vanish there). */
export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (error) {
    const message = `PostgreSQL is not reachable at ${TEST_DATABASE_URL} (${(error as Error).message})`;
    if (process.env.CI) throw new Error(`${message}; CI requires it (set PUSHGATE_TEST_DATABASE_URL)`);
    console.warn(`\n!!! ${message}: SKIPPING the PostgreSQL store tests !!!\n`);
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export function newSchemaName(): string {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  created.add(schema);
  return schema;
}

/** A store on a new, migrated schema of its own. */
export async function freshPostgresStore(options: Omit<PostgresStoreOptions, 'schema'> = {}): Promise<PostgresStore> {
  const store = createPostgresStore(TEST_DATABASE_URL, { schema: newSchemaName(), ...options });
  await store.migrate();
  return store;
}

/** Two stores (two pools, two LISTEN connections) on one new, migrated schema: two processes. */
export async function freshPostgresPair(clock?: Clock): Promise<[PostgresStore, PostgresStore]> {
  const schema = newSchemaName();
  const a = createPostgresStore(TEST_DATABASE_URL, { schema, clock });
  await a.migrate();
  return [a, createPostgresStore(TEST_DATABASE_URL, { schema, clock })];
}

/** Drops one test schema (or, without an argument, every schema made by this module). */
export async function dropSchema(schema?: string): Promise<void> {
  const schemas = schema ? [schema] : [...created];
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    for (const name of schemas) {
      await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
      created.delete(name);
    }
  } finally {
    await client.end();
  }
}
