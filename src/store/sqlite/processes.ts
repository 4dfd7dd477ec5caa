/** Engine processes and their heartbeats (one row per running engine). */
import type { EngineProcess } from '../port.js';
import { type Db, jsonList } from './connection.js';

export function heartbeat(db: Db, process: EngineProcess): void {
  db.write(() =>
    db
      .prepare(`
        INSERT INTO engine_processes (id, host, pid, started_at, heartbeat_at) VALUES (@id, @host, @pid, @startedAt, @heartbeatAt)
        ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at`)
      .run(process),
  );
}

export function listProcesses(db: Db): EngineProcess[] {
  return db
    .prepare('SELECT id, host, pid, started_at AS startedAt, heartbeat_at AS heartbeatAt FROM engine_processes ORDER BY started_at, id')
    .all() as EngineProcess[];
}

export function removeProcesses(db: Db, ids: readonly string[]): void {
  if (ids.length === 0) return;
  db.write(() => db.prepare('DELETE FROM engine_processes WHERE id IN (SELECT value FROM json_each(?))').run(jsonList(ids)));
}
