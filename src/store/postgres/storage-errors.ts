/** Which pg errors mean the database cannot serve a request now (see ../storage-errors.ts). */
import type { StorageProblem } from '../../domain/errors.js';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** Errors pg raises without a code when a connection dies or cannot be made. */
const CONNECTION_MESSAGES = /Connection terminated|connection timeout|timeout exceeded when trying to connect|not queryable|Connection refused/i;

export function classifyPostgresError(error: unknown): StorageProblem | null {
  const e = error as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (NETWORK_CODES.has(code)) return 'unreachable';
  // SQLSTATE classes: 08 connection exception, 57P0x server shutting down or starting, 53 resources.
  if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300') return 'unreachable';
  if (code === '53100') return 'full';
  if (code === '25006') return 'read_only';
  if (code === '53200' || code.startsWith('58')) return 'io';
  if (code === '' && typeof e?.message === 'string' && CONNECTION_MESSAGES.test(e.message)) return 'unreachable';
  return null;
}
