/**
 * Lets the machine go quiet between scenarios: the one before may leave the kernel and
 * PostgreSQL flushing a million rows' worth of dirty pages, which a scenario run right after
 * pays for (http_batch measured 19,000/s after enqueue_fanout, 33,000/s on a quiet machine).
 */
import { execSync } from 'node:child_process';
import pg from 'pg';
import { POSTGRES_URL } from './stores.js';

export async function settle(withPostgres: boolean): Promise<void> {
  if (withPostgres) {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    try {
      await client.connect();
      await client.query('CHECKPOINT'); // needs superuser or pg_checkpoint; without it, just the pause
    } catch {
      // not allowed or not reachable: the pause below still helps
    } finally {
      await client.end().catch(() => {});
    }
  }
  try {
    execSync('sync');
  } catch {
    // no sync(1): nothing to flush explicitly
  }
  await new Promise((resolve) => setTimeout(resolve, 2_000));
}
