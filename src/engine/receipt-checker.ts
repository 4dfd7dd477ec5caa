/**
 * The receipt checker: once a ticket's receipt is due (default 15 min after sending), asks Expo
 * for up to 1000 receipts a request and turns `sent` into `delivered` or `failed`.
 * DeviceNotRegistered deactivates the device; a receipt still missing after `receiptGiveUpMs`
 * is recorded as `maybe_delivered` (ReceiptMissing).
 */

import type { Clock } from '../domain/clock.js';
import { type ExpoClient, MAX_RECEIPT_IDS_PER_REQUEST } from '../expo/client.js';
import type { Store } from '../store/port.js';
import type { Logger } from '../util/logger.js';
import { backoffDelay } from './backoff.js';
import type { EngineConfig } from './config.js';
import type { EngineEvents } from './events.js';
import { receiptUpdates } from './outcomes.js';
import { writeWhenStored } from './persist.js';

/** Other processes may send too: look again at least this often. */
const MAX_SLEEP_MS = 5_000;
/** A claimed receipt batch is hidden from other checkers this long. */
const CLAIM_LEASE_MS = 60_000;
/** Longest pause after the store failed: receipts resume within seconds of the database's return. */
const LONGEST_FAILURE_PAUSE_MS = 5_000;

export interface ReceiptCheckerDeps {
  store: Store;
  transport: Pick<ExpoClient, 'getReceipts'>;
  config: EngineConfig;
  logger: Logger;
  events: EngineEvents;
  clock: Clock;
}

export class ReceiptChecker {
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<void> | null = null;
  private failures = 0;

  constructor(private readonly deps: ReceiptCheckerDeps) {}

  start(): void {
    this.running = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.current;
  }

  /** Called when a ticket with an earlier receipt time was stored here. */
  nudge(dueAt: number): void {
    if (this.running && !this.current) this.schedule(Math.max(0, dueAt - this.deps.clock.now()));
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.current = this.tick().finally(() => {
        this.current = null;
      });
    }, ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    let next = MAX_SLEEP_MS;
    try {
      while (this.running && (await this.checkOnce()) === MAX_RECEIPT_IDS_PER_REQUEST) {
        // a full batch: more may be due right now
      }
      const due = await this.deps.store.nextReceiptDueAt();
      if (due !== null) next = Math.min(MAX_SLEEP_MS, Math.max(0, due - this.deps.clock.now()));
      this.failures = 0;
    } catch (error) {
      this.failures++;
      next = backoffDelay(this.failures, 500, LONGEST_FAILURE_PAUSE_MS);
      this.deps.logger.warn({ err: error }, 'receipt check failed; retrying');
    }
    if (this.running) this.schedule(next);
  }

  /** Checks one batch of due receipts; returns how many were claimed. */
  private async checkOnce(): Promise<number> {
    const { store, transport, config, events, clock } = this.deps;
    const claimed = await store.claimDueReceipts({ now: clock.now(), leaseMs: CLAIM_LEASE_MS, limit: MAX_RECEIPT_IDS_PER_REQUEST });
    if (claimed.length === 0) return 0;
    const started = performance.now();
    const result = await transport.getReceipts(claimed.map((c) => c.ticketId));
    events.emit('receiptRequest', { outcome: result.kind, receipts: claimed.length, durationMs: performance.now() - started });
    if (result.kind === 'failed') {
      // The claim already pushed receiptDueAt past the lease, so they are retried then.
      this.deps.logger.warn({ status: result.status, code: result.code }, 'getReceipts failed; will ask again');
      return claimed.length;
    }
    const now = clock.now();
    const updates = receiptUpdates(claimed, result.receipts, config, now);
    await writeWhenStored(() => store.applyReceipts(updates, now), {
      logger: this.deps.logger,
      what: `${updates.length} receipts`,
      keepTrying: () => this.running,
    });
    return claimed.length;
  }
}
