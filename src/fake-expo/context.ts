/** What the request handlers of one fake share. */
import type { ProjectRateLimiter } from './rate-limit.js';
import type { FakeState } from './state.js';

export interface FakeContext {
  state: FakeState;
  limiter: ProjectRateLimiter;
  accessToken: string | null;
  defaultProject: string;
  receiptDelayMs: number;
  /** Monotonic ms stamping each request's arrival (FakeExpoOptions.clock). */
  clock: () => number;
}

/** Resolves after the runtime-adjustable latency (no timer at all when it is 0, the benchmark case). */
export function delay(ms: number): Promise<void> | undefined {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : undefined;
}
