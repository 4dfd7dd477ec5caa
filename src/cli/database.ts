/**
 * Which database a command uses, said on its first line, and whether it may create one. `serve`,
 * `worker`, `migrate` and `keys create` may (they create a SQLite file's folder when missing, and
 * say so); `keys list` and `keys revoke` only read what exists: a missing SQLite file is an error
 * naming the path looked at, never a new empty database in whatever folder the command ran from.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { sqlitePath } from '../core/location.js';
import { ConfigError, maskUrl } from './config.js';

export type Print = (line: string) => void;

/** `file:./data/pushgate.db (SQLite, /srv/app/data/pushgate.db)` or the masked PostgreSQL URL. */
export function describeDatabase(url: string): string {
  const path = sqlitePath(url);
  if (path !== null) return `${url} (SQLite, ${resolve(path)})`;
  if (url === ':memory:' || url === 'file:') return `${url} (SQLite in memory)`;
  return `${maskUrl(url)} (PostgreSQL)`;
}

/** For commands that may create the database: the SQLite file's folder is made when missing. */
export function prepareToCreate(url: string, print: Print): void {
  const path = sqlitePath(url);
  if (path === null) return;
  const folder = dirname(resolve(path));
  if (existsSync(folder)) return;
  mkdirSync(folder, { recursive: true });
  print(`created folder ${folder}`);
}

/** For commands that only use an existing database: a SQLite file that is not there is an error. */
export function requireExisting(url: string): void {
  const path = sqlitePath(url);
  if (path === null || existsSync(path)) return;
  throw new ConfigError(
    `no database at ${resolve(path)} (${url}): run the command where the database is, or name it with --database-url or PUSHGATE_DATABASE_URL (\`pushgate migrate\` creates one)`,
  );
}
