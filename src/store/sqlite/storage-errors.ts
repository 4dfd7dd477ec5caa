/** Which better-sqlite3 errors mean the database cannot serve a request now (see ../storage-errors.ts). */
import type { StorageProblem } from '../../domain/errors.js';

export function classifySqliteError(error: unknown): StorageProblem | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  if (code === 'SQLITE_FULL') return 'full';
  if (code.startsWith('SQLITE_READONLY')) return 'read_only';
  if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') return 'io';
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'unreachable';
  return null;
}
