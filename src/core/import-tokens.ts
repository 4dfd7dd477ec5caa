/**
 * Bulk token import with a result per item: a backend moving from a token table of its own sends
 * its tokens in a few large calls, and one malformed row must not refuse the rest. Valid items are
 * recorded like recordTokens (upserts; a token given twice keeps the last), in transactions of up
 * to IMPORT_CHUNK devices.
 */
import type { z } from 'zod';
import type { Device, Platform } from '../domain/records.js';
import type { Store } from '../store/port.js';
import { ARGS, parseArgs } from './arguments.js';

/** Devices written per transaction. */
export const IMPORT_CHUNK = 5_000;

export interface TokenImportItem {
  userId: string;
  pushToken: string;
  platform?: Platform;
  language?: string | null;
}

/** One item's outcome, in input order: the device as stored, or why the item was refused. */
export type TokenImportResult = { index: number; status: 'ok'; device: Device } | { index: number; status: 'error'; error: { code: string; message: string } };

export async function importTokens(store: Store, items: readonly unknown[], now: number): Promise<TokenImportResult[]> {
  const results: TokenImportResult[] = new Array(items.length);
  const valid: { index: number; input: z.output<typeof ARGS.recordToken> }[] = [];
  items.forEach((item, index) => {
    try {
      valid.push({ index, input: parseArgs('importTokens', ARGS.recordToken, item, String(index)) });
    } catch (error) {
      const { code, message } = error as { code: string; message: string };
      results[index] = { index, status: 'error', error: { code, message } };
    }
  });
  for (let start = 0; start < valid.length; start += IMPORT_CHUNK) {
    const chunk = valid.slice(start, start + IMPORT_CHUNK);
    const devices = await store.recordTokens(
      chunk.map(({ input }) => ({ userId: input.userId, token: input.pushToken, platform: input.platform, language: input.language })),
      now,
    );
    chunk.forEach(({ index }, k) => {
      results[index] = { index, status: 'ok', device: devices[k]! };
    });
  }
  return results;
}
