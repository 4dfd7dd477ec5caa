/**
 * Where a SQLite database would be created. Opening `file:./data/pushgate.db` from the wrong
 * folder used to create `./data` there, and an empty database with it; the library now refuses a
 * path whose folder is missing, saying which folder, so a typo or a wrong working directory shows
 * at once. (The CLI's `serve`, `migrate` and `keys create` create the folder on purpose.)
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InvalidArgumentError } from '../domain/errors.js';

/** The file path of a `file:` database URL, or null for PostgreSQL and `:memory:`. */
export function sqlitePath(databaseUrl: string): string | null {
  if (!databaseUrl.startsWith('file:')) return null;
  const path = databaseUrl.slice('file:'.length);
  return path === '' || path === ':memory:' ? null : path;
}

/** Throws InvalidArgumentError when a SQLite database's folder does not exist (or is not a folder). */
export function checkDatabaseLocation(databaseUrl: string): void {
  const path = sqlitePath(databaseUrl);
  if (path === null) return;
  const folder = resolve(dirname(path));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new InvalidArgumentError(
      `databaseUrl: the folder ${folder} of ${JSON.stringify(databaseUrl)} does not exist: create it first (mkdir -p ${JSON.stringify(folder)}), or check the path and the working directory (${process.cwd()})`,
      { argument: 'databaseUrl', folder },
    );
  }
}
