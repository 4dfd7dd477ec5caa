/** Engine processes and their heartbeats (one row per running engine). */
import type { EngineProcess } from '../port.js';
import { type Db, query } from './connection.js';

export async function heartbeat(db: Db, process: EngineProcess): Promise<void> {
  await query(
    db,
    `INSERT INTO engine_processes (id, host, pid, started_at, heartbeat_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO UPDATE SET heartbeat_at = EXCLUDED.heartbeat_at`,
    [process.id, process.host, process.pid, process.startedAt, process.heartbeatAt],
    'pushgate_heartbeat',
  );
}

export async function listProcesses(db: Db): Promise<EngineProcess[]> {
  const { rows } = await query<EngineProcess>(
    db,
    'SELECT id, host, pid, started_at AS "startedAt", heartbeat_at AS "heartbeatAt" FROM engine_processes ORDER BY started_at, id',
  );
  return rows;
}

export async function removeProcesses(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await query(db, 'DELETE FROM engine_processes WHERE id = ANY($1::text[])', [ids]);
}
