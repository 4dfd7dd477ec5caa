/** What every route group gets from buildServer. */
import type { Pushgate } from '../core/pushgate.js';
import type { Idempotency } from './idempotency.js';
import type { Waiters } from './wait.js';

export interface RouteContext {
  pushgate: Pushgate;
  idempotency: Idempotency;
  waiters: Waiters;
  /** The server's request body limit in bytes (POST /batch allows 4 times as much). */
  bodyLimit: number;
}
