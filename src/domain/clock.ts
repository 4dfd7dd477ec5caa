/**
 * Time as a dependency: the engine and the stores read the time from a Clock, so tests control it
 * (advance it past a lease or a retry delay) instead of sleeping, and production code carries no
 * thresholds that exist only for tests.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

/** The system clock. */
export const systemClock: Clock = { now: () => Date.now() };
