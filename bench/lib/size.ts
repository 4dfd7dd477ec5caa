/** How many bytes a fresh benchmark database takes: SQLite file after a full checkpoint; PostgreSQL schema's tables with indexes and TOAST. */
import Database from 'better-sqlite3';
import pg from 'pg';
import { type FreshDatabase, POSTGRES_URL } from './stores.js';

export async function databaseBytes(db: FreshDatabase): Promise<number> {
  if (!db.schema) {
    const sqlite = new Database(db.url.slice('file:'.length));
    try {
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
      return (sqlite.pragma('page_count', { simple: true }) as number) * (sqlite.pragma('page_size', { simple: true }) as number);
    } finally {
      sqlite.close();
    }
  }
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ bytes: string }>(
      `SELECT COALESCE(sum(pg_total_relation_size(c.oid)), 0) AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relkind = 'r'`,
      [db.schema],
    );
    return Number(rows[0]!.bytes);
  } finally {
    await client.end();
  }
}
