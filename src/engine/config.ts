/**
 * What the engine needs to know. The facade (core/config.ts) documents each option with its
 * default and maps the user's options onto this.
 */
export interface EngineConfig {
  /** Messages per second per Expo project, shared by every process on one database; 0 = no limit. */
  sendRatePerSecond: number;
  /** The window, ms, over which the send rate is enforced (a little over a second absorbs jitter). */
  rateWindowMs: number;
  /** Expo requests in flight at once in this process. */
  concurrency: number;
  /** Messages per Expo request, 1..100. */
  batchSize: number;
  /** Under load, how long a partial batch may fill before it is claimed, ms. */
  lingerMs: number;
  /** How long a claimed delivery stays leased to this process, ms (the backstop: heartbeats recover sooner). */
  leaseMs: number;
  /** How often this engine renews its heartbeat and looks for stopped engines' work, ms. */
  heartbeatMs: number;
  /** An engine whose heartbeat is this old is dead: its claimed work is recovered, ms. */
  deadAfterMs: number;
  /** Expo requests a delivery may ride in before it fails for good. */
  maxAttempts: number;
  /** First retry delay, ms (doubles each attempt, with jitter). */
  retryBaseDelayMs: number;
  /** Longest retry delay, ms. */
  retryMaxDelayMs: number;
  /** Delay between a ticket and the first look at its receipt, ms. */
  receiptDelayMs: number;
  /** How often a receipt Expo does not have yet is asked for again, ms. */
  receiptRecheckMs: number;
  /** After this long without a receipt, a sent delivery becomes `maybe_delivered`, ms. */
  receiptGiveUpMs: number;
  /** Finished notifications older than this are deleted, ms; 0 keeps everything. */
  retentionMs: number;
  /** How often the janitor runs, ms. */
  janitorIntervalMs: number;
  /** Saved HTTP answers for an Idempotency-Key are kept this long, ms. */
  idempotencyReplayWindowMs: number;
}
