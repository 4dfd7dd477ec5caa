/**
 * The receipt checker: once a ticket's receipt is due (default 15 min after sending), asks Expo
 * for up to 1000 receipts a request and turns `sent` into `delivered` or `failed`.
 * DeviceNotRegistered deactivates the device; a receipt still missing after `receiptGiveUpMs`
 * is recorded as `maybe_delivered` (ReceiptMissing).
 */
import type { ResolvedConfig } from '../core/config.js';
import { type ExpoClient, MAX_RECEIPT_IDS_PER_REQUEST } from '../expo/client.js';
import type { ReceiptOutcome, Store } from '../store/store.js';
import type { Logger } from '../util/logger.js';
import { backoffDelay } from './backoff.js';
import type { EngineEvents } from './events.js';
import { classifyError } from './tickets.js';

/** Other processes may send too: look again at least this often. */
const MAX_SLEEP_MS = 5_000;
/** A claimed receipt batch is hidden from other checkers this long. */
const CLAIM_LEASE_MS = 60_000;

export interface ReceiptCheckerDeps {
  store: Store;
  transport: Pick<ExpoClient, 'getReceipts'>;
  config: ResolvedConfig;
  logger: Logger;
  events: EngineEvents;
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
    if (this.running && !this.current) this.schedule(Math.max(0, dueAt - Date.now()));
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
      if (due !== null) next = Math.min(MAX_SLEEP_MS, Math.max(0, due - Date.now()));
      this.failures = 0;
    } catch (error) {
      this.failures++;
      next = backoffDelay(this.failures, 1_000, 60_000);
      this.deps.logger.warn({ err: error }, 'receipt check failed; retrying');
    }
    if (this.running) this.schedule(next);
  }

  /** Checks one batch of due receipts; returns how many were claimed. */
  async checkOnce(): Promise<number> {
    const { store, transport, config, events } = this.deps;
    const claimed = await store.claimDueReceipts({ now: Date.now(), leaseMs: CLAIM_LEASE_MS, limit: MAX_RECEIPT_IDS_PER_REQUEST });
    if (claimed.length === 0) return 0;
    const started = performance.now();
    const result = await transport.getReceipts(claimed.map((c) => c.ticketId));
    events.emit('receiptRequest', { outcome: result.kind, receipts: claimed.length, durationMs: performance.now() - started });
    const now = Date.now();
    if (result.kind === 'failed') {
      // The claim already pushed receiptDueAt past the lease, so they are retried then.
      this.deps.logger.warn({ status: result.status, code: result.code }, 'getReceipts failed; will ask again');
      return claimed.length;
    }
    const outcomes: ReceiptOutcome[] = claimed.map((c) => {
      const receipt = result.receipts[c.ticketId];
      if (!receipt) {
        return now - c.sentAt >= config.receiptGiveUpMs
          ? { deliveryId: c.deliveryId, kind: 'missing' }
          : { deliveryId: c.deliveryId, kind: 'pending', nextCheckAt: now + config.receiptRecheckMs };
      }
      if (receipt.status === 'ok') return { deliveryId: c.deliveryId, kind: 'delivered' };
      const error = classifyError(receipt);
      return { deliveryId: c.deliveryId, kind: 'error', code: error.code, message: error.message, deactivateDevice: error.deactivateDevice };
    });
    await store.applyReceipts(outcomes, now);
    return claimed.length;
  }
}
