/**
 * Writes that must not be lost to a database that is briefly away. An Expo answer that cannot be
 * stored is kept and written once the database takes it again: Expo accepted those messages, and
 * dropping the answer would leave them `maybe_delivered` without their ticket ids.
 */
import { StorageUnavailableError } from '../domain/errors.js';
import type { Logger } from '../util/logger.js';
import { backoffDelay } from './backoff.js';

const FIRST_RETRY_MS = 100;
const LONGEST_RETRY_MS = 2_000;

export interface PersistOptions {
  logger: Logger;
  /** What is being written, for the log. */
  what: string;
  /** False once retrying should stop (the engine stopped long enough ago); the last error is then thrown. */
  keepTrying: () => boolean;
}

/** Runs `write` until it succeeds; a StorageUnavailableError is retried with backoff, anything else thrown at once. */
export async function writeWhenStored<T>(write: () => Promise<T>, options: PersistOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await write();
      if (attempt > 1) options.logger.info({ attempts: attempt }, `${options.what}: stored once the database was back`);
      return result;
    } catch (error) {
      if (!(error instanceof StorageUnavailableError) || !options.keepTrying()) throw error;
      if (attempt === 1) options.logger.warn({ err: error }, `${options.what}: the database cannot take it now; kept, retrying`);
      await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt, FIRST_RETRY_MS, LONGEST_RETRY_MS)));
    }
  }
}
