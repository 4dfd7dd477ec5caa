/**
 * PostgreSQL implementation of the Store port, for several Pushgate processes sharing one
 * database: claims with FOR UPDATE SKIP LOCKED, wake-ups with LISTEN/NOTIFY, a shared send
 * budget. Each group of operations lives in its own file with its SQL inline; this class only
 * wires them to one pool (every connection's search_path is the configured schema).
 */
import type { BatchRecord, Device, NotificationRecord, NotificationStatus, NotificationWithDeliveries, Recipient } from '../../core/types.js';
import type {
  ClaimedDelivery,
  ClaimedReceipt,
  ClaimOptions,
  CursorPage,
  EnqueueOutcome,
  NewNotification,
  NotificationFilter,
  OffsetPage,
  ReceiptOutcome,
  RecordTokenInput,
  SendBudget,
  StartRequestInput,
  StartRequestResult,
  Store,
  StoreStats,
  TicketOutcome,
} from '../store.js';
import * as apiKeys from './api-keys.js';
import * as budget from './budget.js';
import { Coalescer } from './coalescer.js';
import { createDb, type Db } from './connection.js';
import * as devices from './devices.js';
import * as dispatch from './dispatch.js';
import { createEnqueuer } from './enqueue.js';
import * as housekeeping from './housekeeping.js';
import * as idempotency from './idempotency.js';
import { WorkListener } from './listen.js';
import * as listing from './listing.js';
import * as migrations from './migrations.js';
import * as notifications from './notifications.js';
import * as receipts from './receipts.js';
import { StatisticsKeeper } from './statistics.js';

export interface PostgresStoreOptions {
  /** Schema for every table (created by migrate() if missing). Default `public`. */
  schema?: string;
  /** Connections in the pool (the LISTEN connection is extra). Default 10. */
  poolSize?: number;
}

/** Point reads by key: one statement at a time; callers arriving meanwhile share the next (up to 100 keys). */
const READ_COALESCING = { maxInFlight: 1, maxBatch: 100 };

export class PostgresStore implements Store {
  readonly kind = 'postgres';
  readonly schema: string;
  private readonly db: Db;
  private readonly work: WorkListener;
  private readonly statistics: StatisticsKeeper;
  private readonly enqueue: ReturnType<typeof createEnqueuer>;
  /** The reads every send answer makes, coalesced under load like the enqueue (coalescer.ts). */
  private readonly notificationReads: Coalescer<string, NotificationWithDeliveries | null>;
  private readonly userDevices: Coalescer<string, Device[]>;
  /**
   * Expo answers arriving together are applied in one transaction: fewer commits and round trips
   * per message (dispatch_uncapped on PostgreSQL about 8,000 -> 11,000 messages/s).
   */
  private readonly ticketApplications: Coalescer<{ outcomes: TicketOutcome[]; now: number }, undefined>;
  private closing: Promise<void> | null = null;

  constructor(url: string, options: PostgresStoreOptions = {}) {
    this.db = createDb(url, options);
    this.enqueue = createEnqueuer(this.db);
    this.notificationReads = new Coalescer((ids) => notifications.getNotifications(this.db, ids), READ_COALESCING);
    this.userDevices = new Coalescer((userIds) => devices.getDevicesForUsers(this.db, userIds), READ_COALESCING);
    // Answers arriving while one application runs wait and go together in the next: one
    // transaction at a time, up to 2,000 outcomes (dispatch_uncapped 21.4k -> 22.8k msg/s with
    // 32 requests in flight, against two at a time of up to 1,000; planning and commit are paid
    // per statement, and two at once only competed for the same two cores).
    this.ticketApplications = new Coalescer(
      async (answers) => {
        await dispatch.applyTickets(
          this.db,
          answers.flatMap((a) => a.outcomes),
          Math.max(...answers.map((a) => a.now)),
        );
        return answers.map(() => undefined);
      },
      { maxInFlight: 1, maxBatch: 2_000, weight: (a) => a.outcomes.length },
    );
    this.schema = this.db.schema;
    this.work = new WorkListener(this.db);
    this.statistics = new StatisticsKeeper(this.db);
  }

  migrate(): Promise<void> {
    return migrations.migrate(this.db);
  }

  isReady(): Promise<boolean> {
    return migrations.isReady(this.db);
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.work.close();
      await this.statistics.idle();
      await this.db.pool.end();
    })();
    return this.closing;
  }

  onWork(listener: () => void): () => void {
    return this.work.subscribe(listener);
  }

  /** Resolves once this store's LISTEN connection is up (after the first onWork). */
  listening(): Promise<void> {
    return this.work.listening();
  }

  // ---- devices and recipients
  async recordTokens(inputs: RecordTokenInput[], now: number): Promise<Device[]> {
    const recorded = await devices.recordTokens(this.db, inputs, now);
    this.statistics.recordInserts(recorded.length);
    return recorded;
  }
  removeToken(token: string): Promise<Device | null> {
    return devices.removeToken(this.db, token);
  }
  getDeviceByToken(token: string): Promise<Device | null> {
    return devices.getDeviceByToken(this.db, token);
  }
  getDevicesForUser(userId: string): Promise<Device[]> {
    return this.userDevices.submit(userId);
  }
  deactivateTokens(tokens: string[], reason: string, now: number): Promise<number> {
    return devices.deactivateTokens(this.db, tokens, reason, now);
  }
  setTokenProjects(entries: { token: string; project: string }[], now: number): Promise<void> {
    return devices.setTokenProjects(this.db, entries, now);
  }
  getRecipient(userId: string): Promise<Recipient | null> {
    return devices.getRecipient(this.db, userId);
  }
  setPaused(userId: string, paused: boolean, now: number): Promise<{ canceled: number }> {
    return devices.setPaused(this.db, userId, paused, now);
  }

  // ---- notifications
  async enqueueNotifications(items: NewNotification[], now: number): Promise<EnqueueOutcome[]> {
    const outcomes = await this.enqueue(items, now);
    let deliveries = 0;
    for (const o of outcomes) if (o.kind === 'queued') deliveries += o.deliveries;
    if (deliveries > 0) {
      this.work.wake();
      this.statistics.recordInserts(deliveries);
    }
    return outcomes;
  }
  createBatch(batch: BatchRecord): Promise<void> {
    return notifications.createBatch(this.db, batch);
  }
  getBatch(id: string): Promise<BatchRecord | null> {
    return notifications.getBatch(this.db, id);
  }
  getNotification(id: string): Promise<NotificationWithDeliveries | null> {
    return this.notificationReads.submit(id);
  }
  getNotificationByIdempotencyKey(key: string): Promise<NotificationRecord | null> {
    return notifications.getNotificationByIdempotencyKey(this.db, key);
  }
  listNotifications(filter: NotificationFilter, page: CursorPage) {
    return listing.listNotifications(this.db, filter, page);
  }
  listNotificationsPage(filter: NotificationFilter, page: OffsetPage) {
    return listing.listNotificationsPage(this.db, filter, page);
  }
  countBatchStatuses(batchId: string): Promise<Partial<Record<NotificationStatus, number>>> {
    return notifications.countBatchStatuses(this.db, batchId);
  }
  markOpened(id: string, openedAt: number, now: number): Promise<NotificationRecord | null> {
    return notifications.markOpened(this.db, id, openedAt, now);
  }
  deleteNotification(id: string): Promise<boolean> {
    return notifications.deleteNotification(this.db, id);
  }
  deleteNotificationsForUser(userId: string): Promise<number> {
    return notifications.deleteNotificationsForUser(this.db, userId);
  }
  cancelPending(notificationId: string | null, now: number): Promise<number> {
    return notifications.cancelPending(this.db, notificationId, now);
  }

  // ---- dispatching
  claimDueDeliveries(opts: ClaimOptions): Promise<ClaimedDelivery[]> {
    return dispatch.claimDueDeliveries(this.db, opts);
  }
  markRequestStarted(deliveryIds: string[], owner: string, now: number, leaseExpiresAt: number): Promise<string[]> {
    return dispatch.markRequestStarted(this.db, deliveryIds, owner, now, leaseExpiresAt);
  }
  startRequest(input: StartRequestInput): Promise<StartRequestResult> {
    return budget.startRequest(this.db, input);
  }
  applyTickets(outcomes: TicketOutcome[], now: number): Promise<void> {
    return this.ticketApplications.submit({ outcomes, now });
  }
  releaseDeliveries(
    deliveryIds: string[],
    opts: { nextAttemptAt: number | null; code: string; message: string; undoAttempt?: boolean },
    now: number,
  ): Promise<void> {
    return dispatch.releaseDeliveries(this.db, deliveryIds, opts, now);
  }
  markMaybeDelivered(deliveryIds: string[], code: string, message: string, now: number): Promise<void> {
    return dispatch.markMaybeDelivered(this.db, deliveryIds, code, message, now);
  }
  recoverExpiredLeases(now: number): Promise<{ requeued: number; maybeDelivered: number }> {
    return dispatch.recoverExpiredLeases(this.db, now);
  }
  nextDueAt(): Promise<number | null> {
    return dispatch.nextDueAt(this.db);
  }
  reserveSendBudget(project: string, wanted: number, limitPerSecond: number, now: number, windowMs?: number): Promise<SendBudget> {
    return budget.reserveSendBudget(this.db, project, wanted, limitPerSecond, now, windowMs);
  }

  // ---- receipts
  claimDueReceipts(opts: { now: number; leaseMs: number; limit: number }): Promise<ClaimedReceipt[]> {
    return receipts.claimDueReceipts(this.db, opts);
  }
  applyReceipts(outcomes: ReceiptOutcome[], now: number): Promise<void> {
    return receipts.applyReceipts(this.db, outcomes, now);
  }
  nextReceiptDueAt(): Promise<number | null> {
    return receipts.nextReceiptDueAt(this.db);
  }

  // ---- housekeeping
  purgeFinished(before: number, limit: number): Promise<number> {
    return housekeeping.purgeFinished(this.db, before, limit);
  }
  stats(now: number): Promise<StoreStats> {
    return housekeeping.stats(this.db, now);
  }

  // ---- HTTP idempotency
  getIdempotentResponse(scope: string, key: string, notBefore: number): Promise<{ status: number; body: unknown } | null> {
    return idempotency.getIdempotentResponse(this.db, scope, key, notBefore);
  }
  saveIdempotentResponse(scope: string, key: string, response: { status: number; body: unknown }, now: number): Promise<void> {
    return idempotency.saveIdempotentResponse(this.db, scope, key, response, now);
  }
  purgeIdempotentResponses(before: number, limit: number): Promise<number> {
    return idempotency.purgeIdempotentResponses(this.db, before, limit);
  }

  // ---- API keys
  createApiKey(key: { id: string; name: string; hash: string; prefix: string }, now: number): Promise<void> {
    return apiKeys.createApiKey(this.db, key, now);
  }
  listApiKeys() {
    return apiKeys.listApiKeys(this.db);
  }
  findApiKeyByHash(hash: string): Promise<{ id: string; revokedAt: number | null } | null> {
    return apiKeys.findApiKeyByHash(this.db, hash);
  }
  revokeApiKey(id: string, now: number): Promise<boolean> {
    return apiKeys.revokeApiKey(this.db, id, now);
  }
  countApiKeys(): Promise<number> {
    return apiKeys.countApiKeys(this.db);
  }
}
