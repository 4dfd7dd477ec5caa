/**
 * The connection pool and the small helpers every operation file uses: a transaction wrapper
 * (retrying deadlocks and serialization failures) and the NOTIFY helper.
 */
import pg from 'pg';

/** BIGINT (int8) comes back as a JS number: every time is epoch ms, far below 2^53. */
const INT8_OID = 20;
const parseInt8 = (value: string) => Number.parseInt(value, 10);

/** Channel for wake-ups; the payload is the schema, so schemas sharing a database stay apart. */
export const WORK_CHANNEL = 'pushgate_work';

const SCHEMA_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export interface Db {
  pool: pg.Pool;
  schema: string;
  /** The schema as a quoted SQL identifier. */
  schemaIdent: string;
  clientConfig: pg.ClientConfig;
}

export function createDb(url: string, options: { schema?: string; poolSize?: number }): Db {
  const schema = options.schema ?? 'public';
  if (!SCHEMA_PATTERN.test(schema)) {
    throw new Error(`invalid PostgreSQL schema name "${schema}": use letters, digits and _ (at most 63)`);
  }
  const clientConfig: pg.ClientConfig = {
    connectionString: url,
    options: `-c search_path="${schema}" -c jit=off`,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID && format !== 'binary' ? parseInt8 : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
    },
  };
  const pool = new pg.Pool({ ...clientConfig, max: options.poolSize ?? 10 });
  // A connection lost while idle: the pool drops the client and emits here.
  pool.on('error', () => {});
  // A connection lost while a client is checked out (a transaction between statements): the pool
  // listens only to idle clients, so without this the client's 'error' event has no listener and
  // kills the process. The statement in progress (or the next one) fails; `transaction` then
  // releases the client as broken and the pool replaces it.
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  return { pool, schema, schemaIdent: `"${schema}"`, clientConfig };
}

/**
 * One query on any pooled connection. A `name` makes it a prepared statement on each connection:
 * the hot queue statements are long CTEs whose planning cost as much as running them.
 */
export async function query<R extends pg.QueryResultRow = pg.QueryResultRow>(
  db: Db | pg.PoolClient,
  text: string,
  values?: unknown[],
  name?: string,
): Promise<pg.QueryResult<R>> {
  const target = 'pool' in db ? db.pool : db;
  return target.query<R>(name ? { name, text, values } : { text, values });
}

const RETRYABLE = new Set(['40P01', '40001']);
const MAX_TRIES = 5;

/**
 * Runs `fn` in a transaction; deadlocks and serialization failures are retried from the start.
 * `begin` is the statement that opens it (a read-only snapshot: `BEGIN ISOLATION LEVEL
 * REPEATABLE READ READ ONLY`).
 */
export async function transaction<T>(db: Db, fn: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await db.pool.connect();
    let broken = false;
    try {
      await client.query(begin);
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true;
      }
      const code = (error as { code?: string }).code;
      if (attempt < MAX_TRIES && code !== undefined && RETRYABLE.has(code)) continue;
      throw error;
    } finally {
      client.release(broken);
    }
  }
}

/**
 * One statement in autocommit (atomic on its own), retried like a transaction on a deadlock or
 * serialization failure: one round trip instead of BEGIN, statement, COMMIT.
 */
export async function atomicQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(
  db: Db,
  text: string,
  values: unknown[],
  name?: string,
): Promise<pg.QueryResult<R>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.pool.query<R>(name ? { name, text, values } : { text, values });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt < MAX_TRIES && code !== undefined && RETRYABLE.has(code)) continue;
      throw error;
    }
  }
}

/** Queues a wake-up for every listener on this schema; delivered when the transaction commits. */
export async function notifyWork(db: Db, client: pg.PoolClient | null = null): Promise<void> {
  await (client ?? db.pool).query('SELECT pg_notify($1, $2)', [WORK_CHANNEL, db.schema]);
}
