/**
 * The startup check of `serve --no-migrate` / `worker --no-migrate`: without it, a database whose
 * migrations were never applied (or only some) starts an engine that fails on every tick and a
 * server that dies on its first query with the driver's message ("relation "api_keys" does not
 * exist"). Instead the process stops at once and says what to do.
 *
 * The Store port has only `isReady()` (a boolean); the applied version is read here from each
 * store's own migrations table, read-only.
 */
import type { Store } from '../store/store.js';
import { ConfigError } from './config.js';

export interface SchemaVersion {
  /** Highest migration applied to the database (0 when none). */
  applied: number;
  /** Highest migration this version of Pushgate knows (what it needs). */
  latest: number;
}

/** The applied and needed migration versions of `store`'s database. */
export async function schemaVersion(store: Store, databaseUrl: string): Promise<SchemaVersion> {
  if (store.kind === 'sqlite') {
    const [{ SqliteStore }, migrations] = await Promise.all([import('../store/sqlite/index.js'), import('../store/sqlite/migrations.js')]);
    if (!(store instanceof SqliteStore)) throw new Error('unexpected SQLite store');
    return { applied: migrations.currentVersion(store.db), latest: migrations.LATEST_VERSION };
  }
  if (store.kind === 'postgres') {
    const [{ PostgresStore }, { createDb, query }, migrations] = await Promise.all([
      import('../store/postgres/index.js'),
      import('../store/postgres/connection.js'),
      import('../store/postgres/migrations.js'),
    ]);
    if (!(store instanceof PostgresStore)) throw new Error('unexpected PostgreSQL store');
    // One short-lived connection on the store's schema (its pool is private to it).
    const db = createDb(databaseUrl, { schema: store.schema, poolSize: 1 });
    try {
      const { rows: found } = await query<{ exists: boolean }>(db, "SELECT to_regclass('migrations') IS NOT NULL AS exists");
      if (!found[0]?.exists) return { applied: 0, latest: migrations.LATEST_VERSION };
      const { rows } = await query<{ version: number | null }>(db, 'SELECT max(version) AS version FROM migrations');
      return { applied: rows[0]?.version ?? 0, latest: migrations.LATEST_VERSION };
    } finally {
      await db.pool.end();
    }
  }
  throw new Error(`cannot read the schema version of a ${store.kind} store`);
}

/** Throws (with what to do) when the database is behind the migrations this Pushgate needs. */
export async function assertMigrated(store: Store, databaseUrl: string): Promise<void> {
  const { applied, latest } = await schemaVersion(store, databaseUrl);
  if (applied < latest) {
    throw new ConfigError(`database schema is not migrated (applied v${applied}, need v${latest}): run \`pushgate migrate\` or start without --no-migrate`);
  }
}
