import type { Clock } from '../domain/clock.js';
import type { Store } from './port.js';

/** Options common to every store. */
export interface OpenStoreOptions {
  /** PostgreSQL only: schema to use (created if missing). Default `public`. */
  schema?: string;
  /** PostgreSQL only: pool size. Default 10. */
  poolSize?: number;
  /** Where the store reads the time it stamps send-budget grants with. Default the system clock. */
  clock?: Clock;
}

/**
 * Opens the store named by a database URL: `file:./data/pushgate.db` (or `:memory:`) selects
 * SQLite, `postgres://` / `postgresql://` selects PostgreSQL. Migrations are not applied here.
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const { createPostgresStore } = await import('./postgres/index.js');
    return createPostgresStore(url, options);
  }
  if (url.startsWith('file:') || url === ':memory:') {
    const { createSqliteStore } = await import('./sqlite/index.js');
    const path = url === ':memory:' ? ':memory:' : url.slice('file:'.length);
    return createSqliteStore(path, { clock: options.clock });
  }
  throw new Error(`unsupported database URL "${url}": use file:<path> for SQLite or postgres://... for PostgreSQL`);
}
