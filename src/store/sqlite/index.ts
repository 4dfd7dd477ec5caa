/**
 * The embedded default store: one SQLite file (better-sqlite3, WAL). Each group of operations
 * lives in its own file with its SQL inline; this class only wires them to one connection.
 * Work is synchronous under the hood and exposed through the async Store port.
 *
 * Several processes may open one file: every write is a `BEGIN IMMEDIATE` transaction, so claims
 * stay exclusive and the send budget is shared. Wake-ups (onWork) are in-process only; another
 * process finds new work at its dispatcher's next poll. PostgreSQL is the store for scaling out.
 */
import type Database from 'better-sqlite3';
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
import { Checkpointer } from './checkpointer.js';
import { Db } from './connection.js';
import * as devices from './devices.js';
import * as dispatch from './dispatch.js';
import { enqueueNotifications } from './enqueue.js';
import { GroupCommit } from './group-commit.js';
import * as housekeeping from './housekeeping.js';
import * as idempotency from './idempotency.js';
import * as listing from './listing.js';
import * as migrations from './migrations.js';
import * as notifications from './notifications.js';
import * as receipts from './receipts.js';

export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  private readonly conn: Db;
  private readonly listeners = new Set<() => void>();
  private wakePending = false;

  private readonly checkpointer: Checkpointer | null;
  private readonly groupCommit: GroupCommit;

  /** Opens `path` (creating the file and its directory when missing), or `:memory:`. */
  constructor(path: string) {
    this.conn = new Db(path);
    this.groupCommit = new GroupCommit(this.conn);
    const memory = path === ':memory:' || path === '';
    if (memory) {
      this.checkpointer = null;
    } else {
      this.conn.raw.pragma('wal_autocheckpoint = 0');
      this.checkpointer = new Checkpointer(path);
    }
  }

  /** The better-sqlite3 connection (diagnostics and tests). */
  get db(): Database.Database {
    return this.conn.raw;
  }

  async migrate(): Promise<void> {
    migrations.migrate(this.conn.raw);
  }
  async isReady(): Promise<boolean> {
    return this.conn.raw.open && migrations.isReady(this.conn.raw);
  }
  async close(): Promise<void> {
    this.listeners.clear();
    this.conn.close();
    await this.checkpointer?.stop();
  }

  onWork(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Runs one operation after yielding to the event loop once. better-sqlite3 is synchronous: a
   * caller looping on the store (say, queuing chunk after chunk) would otherwise never let I/O
   * run, and this process's dispatcher could not send until the loop ended.
   */
  private async op<T>(fn: () => T): Promise<T> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    return fn();
  }

  /** Calls every onWork listener once, after the current synchronous work (wake-ups coalesce). */
  private wake(): void {
    if (this.wakePending) return;
    this.wakePending = true;
    queueMicrotask(() => {
      this.wakePending = false;
      for (const listener of [...this.listeners]) {
        try {
          listener();
        } catch {
          // a listener's failure is its own business
        }
      }
    });
  }

  // ---- devices and recipients
  recordTokens(inputs: RecordTokenInput[], now: number): Promise<Device[]> {
    return this.op(() => devices.recordTokens(this.conn, inputs, now));
  }
  removeToken(token: string): Promise<Device | null> {
    return this.op(() => devices.removeToken(this.conn, token));
  }
  getDeviceByToken(token: string): Promise<Device | null> {
    return this.op(() => devices.getDeviceByToken(this.conn, token));
  }
  getDevicesForUser(userId: string): Promise<Device[]> {
    return this.op(() => devices.getDevicesForUser(this.conn, userId));
  }
  deactivateTokens(tokens: string[], reason: string, now: number): Promise<number> {
    return this.op(() => devices.deactivateTokens(this.conn, tokens, reason, now));
  }
  setTokenProjects(entries: { token: string; project: string }[], now: number): Promise<void> {
    return this.op(() => {
      devices.setTokenProjects(this.conn, entries, now);
    });
  }
  getRecipient(userId: string): Promise<Recipient | null> {
    return this.op(() => devices.getRecipient(this.conn, userId));
  }
  setPaused(userId: string, paused: boolean, now: number): Promise<{ canceled: number }> {
    return this.op(() => devices.setPaused(this.conn, userId, paused, now));
  }

  // ---- notifications
  enqueueNotifications(items: NewNotification[], now: number): Promise<EnqueueOutcome[]> {
    return this.groupCommit.submit(() => {
      const outcomes = enqueueNotifications(this.conn, items, now);
      if (outcomes.some((o) => o.kind === 'queued')) this.wake();
      return outcomes;
    }, items.length);
  }
  createBatch(batch: BatchRecord): Promise<void> {
    return this.op(() => {
      notifications.createBatch(this.conn, batch);
    });
  }
  getBatch(id: string): Promise<BatchRecord | null> {
    return this.op(() => notifications.getBatch(this.conn, id));
  }
  getNotification(id: string): Promise<NotificationWithDeliveries | null> {
    return this.op(() => notifications.getNotification(this.conn, id));
  }
  getNotificationByIdempotencyKey(key: string): Promise<NotificationRecord | null> {
    return this.op(() => notifications.getNotificationByIdempotencyKey(this.conn, key));
  }
  listNotifications(filter: NotificationFilter, page: CursorPage) {
    return this.op(() => listing.listNotifications(this.conn, filter, page));
  }
  listNotificationsPage(filter: NotificationFilter, page: OffsetPage) {
    return this.op(() => listing.listNotificationsPage(this.conn, filter, page));
  }
  countBatchStatuses(batchId: string): Promise<Partial<Record<NotificationStatus, number>>> {
    return this.op(() => notifications.countBatchStatuses(this.conn, batchId));
  }
  markOpened(id: string, openedAt: number, now: number): Promise<NotificationRecord | null> {
    return this.op(() => notifications.markOpened(this.conn, id, openedAt, now));
  }
  deleteNotification(id: string): Promise<boolean> {
    return this.op(() => notifications.deleteNotification(this.conn, id));
  }
  deleteNotificationsForUser(userId: string): Promise<number> {
    return this.op(() => notifications.deleteNotificationsForUser(this.conn, userId));
  }
  cancelPending(notificationId: string | null, now: number): Promise<number> {
    return this.op(() => notifications.cancelPending(this.conn, notificationId, now));
  }

  // ---- dispatching
  claimDueDeliveries(opts: ClaimOptions): Promise<ClaimedDelivery[]> {
    return this.op(() => dispatch.claimDueDeliveries(this.conn, opts));
  }
  markRequestStarted(deliveryIds: string[], owner: string, now: number, leaseExpiresAt: number): Promise<string[]> {
    return this.op(() => dispatch.markRequestStarted(this.conn, deliveryIds, owner, now, leaseExpiresAt));
  }
  startRequest(input: StartRequestInput): Promise<StartRequestResult> {
    return this.op(() => budget.startRequest(this.conn, input));
  }
  applyTickets(outcomes: TicketOutcome[], now: number): Promise<void> {
    // Answers that arrive in the same turn of the event loop share a commit.
    return this.groupCommit.submit(() => {
      dispatch.applyTickets(this.conn, outcomes, now);
    });
  }
  releaseDeliveries(
    deliveryIds: string[],
    opts: { nextAttemptAt: number | null; code: string; message: string; undoAttempt?: boolean },
    now: number,
  ): Promise<void> {
    return this.op(() => {
      const moved = dispatch.releaseDeliveries(this.conn, deliveryIds, opts, now);
      if (moved > 0 && opts.nextAttemptAt !== null && opts.nextAttemptAt <= now) this.wake();
    });
  }
  markMaybeDelivered(deliveryIds: string[], code: string, message: string, now: number): Promise<void> {
    return this.op(() => {
      dispatch.markMaybeDelivered(this.conn, deliveryIds, code, message, now);
    });
  }
  recoverExpiredLeases(now: number): Promise<{ requeued: number; maybeDelivered: number }> {
    return this.op(() => {
      const result = dispatch.recoverExpiredLeases(this.conn, now);
      if (result.requeued > 0) this.wake();
      return result;
    });
  }
  nextDueAt(): Promise<number | null> {
    return this.op(() => dispatch.nextDueAt(this.conn));
  }
  reserveSendBudget(project: string, wanted: number, limitPerSecond: number, now: number, windowMs?: number): Promise<SendBudget> {
    return this.op(() => budget.reserveSendBudget(this.conn, project, wanted, limitPerSecond, now, windowMs));
  }

  // ---- receipts
  claimDueReceipts(opts: { now: number; leaseMs: number; limit: number }): Promise<ClaimedReceipt[]> {
    return this.op(() => receipts.claimDueReceipts(this.conn, opts));
  }
  applyReceipts(outcomes: ReceiptOutcome[], now: number): Promise<void> {
    return this.op(() => {
      receipts.applyReceipts(this.conn, outcomes, now);
    });
  }
  nextReceiptDueAt(): Promise<number | null> {
    return this.op(() => receipts.nextReceiptDueAt(this.conn));
  }

  // ---- housekeeping
  purgeFinished(before: number, limit: number): Promise<number> {
    return this.op(() => housekeeping.purgeFinished(this.conn, before, limit));
  }
  stats(now: number): Promise<StoreStats> {
    return this.op(() => housekeeping.stats(this.conn, now));
  }

  // ---- HTTP idempotency
  getIdempotentResponse(scope: string, key: string, notBefore: number): Promise<{ status: number; body: unknown } | null> {
    return this.op(() => idempotency.getIdempotentResponse(this.conn, scope, key, notBefore));
  }
  saveIdempotentResponse(scope: string, key: string, response: { status: number; body: unknown }, now: number): Promise<void> {
    return this.op(() => {
      idempotency.saveIdempotentResponse(this.conn, scope, key, response, now);
    });
  }
  purgeIdempotentResponses(before: number, limit: number): Promise<number> {
    return this.op(() => idempotency.purgeIdempotentResponses(this.conn, before, limit));
  }

  // ---- API keys
  createApiKey(key: { id: string; name: string; hash: string; prefix: string }, now: number): Promise<void> {
    return this.op(() => {
      apiKeys.createApiKey(this.conn, key, now);
    });
  }
  listApiKeys(): Promise<apiKeys.ApiKeyInfo[]> {
    return this.op(() => apiKeys.listApiKeys(this.conn));
  }
  findApiKeyByHash(hash: string): Promise<{ id: string; revokedAt: number | null } | null> {
    return this.op(() => apiKeys.findApiKeyByHash(this.conn, hash));
  }
  revokeApiKey(id: string, now: number): Promise<boolean> {
    return this.op(() => apiKeys.revokeApiKey(this.conn, id, now));
  }
  countApiKeys(): Promise<number> {
    return this.op(() => apiKeys.countApiKeys(this.conn));
  }
}
