/**
 * Driver errors that mean "the database cannot serve this now" become a StorageUnavailableError
 * (a disk that is full, a server that is down, a connection cut), so callers can tell them from a
 * bug and answer 503, keep an Expo answer to write later, or try again. Each dialect says which of
 * its errors are which; anything else passes through unchanged.
 *
 * The latest such error is remembered, so readiness can report it: until a write succeeds again,
 * or for an unreachable database until anything succeeds (on a full disk reads still work).
 */
import { type StorageProblem, StorageUnavailableError } from '../domain/errors.js';
import type { StoreHealth } from './port.js';

/** A dialect's reading of one of its driver's errors, or null when it is not a storage problem. */
export type StorageClassifier = (error: unknown) => StorageProblem | null;

/** Problems a successful read does not disprove. */
const WRITE_PROBLEMS: ReadonlySet<StorageProblem> = new Set(['full', 'read_only']);

/**
 * Wraps every method of `operations` that returns a promise: a storage error rejects as
 * StorageUnavailableError. `reads` names the methods that write nothing. Adds `health()`, which
 * reports the remembered error, else asks `isReady`.
 */
export function withStorageErrors<T extends { isReady(): Promise<boolean> }>(
  operations: T,
  classify: StorageClassifier,
  reads: readonly (keyof T)[],
): Omit<T, 'isReady'> & { health(): Promise<StoreHealth> } {
  let lastError: StorageUnavailableError | null = null;
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(operations)) {
    if (typeof value !== 'function') {
      wrapped[name] = value;
      continue;
    }
    const isRead = reads.includes(name as keyof T);
    wrapped[name] = (...args: unknown[]) => {
      const result = (value as (...a: unknown[]) => unknown)(...args);
      if (!(result instanceof Promise)) return result;
      return result.then(
        (output) => {
          if (lastError && (!isRead || !WRITE_PROBLEMS.has(lastError.problem))) lastError = null;
          return output;
        },
        (error: unknown) => {
          const problem = error instanceof StorageUnavailableError ? error.problem : classify(error);
          if (problem === null) throw error;
          lastError = error instanceof StorageUnavailableError ? error : new StorageUnavailableError(problem, error);
          throw lastError;
        },
      );
    };
  }
  const isReady = wrapped.isReady as () => Promise<boolean>;
  delete wrapped.isReady;
  wrapped.health = async (): Promise<StoreHealth> => {
    const remembered = lastError;
    if (remembered && WRITE_PROBLEMS.has(remembered.problem)) return { ready: false, code: remembered.code, message: remembered.message };
    try {
      if (await isReady()) return { ready: true };
      return { ready: false, code: 'NotMigrated', message: 'the database schema is not migrated: run `pushgate migrate`' };
    } catch (error) {
      const storage = error instanceof StorageUnavailableError ? error : new StorageUnavailableError('unreachable', error);
      return { ready: false, code: storage.code, message: storage.message };
    }
  };
  return wrapped as Omit<T, 'isReady'> & { health(): Promise<StoreHealth> };
}
