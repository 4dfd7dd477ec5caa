/**
 * The Store port: every piece of persistent state, in domain terms. SQLite and PostgreSQL
 * implement it and pass one conformance suite (test/store/conformance.ts).
 *
 * The notification table is the queue: deliveries move through the state machine below and
 * no second queue holds a copy of the payload.
 *
 *   queued/retrying --claimDueDeliveries--> sending --applyTickets--> sent | failed | retrying
 *   sending --releaseDeliveries--> retrying (request-level failure, request known not to have landed)
 *   sending --markMaybeDelivered--> maybe_delivered (outcome unknown)
 *   sending (lease expired) --recoverExpiredLeases--> queued (request never started) | maybe_delivered
 *   sent --applyReceipts--> delivered | failed
 *   queued/retrying --pause/cancel--> canceled
 */

import type {
  BatchRecord,
  DeliveryState,
  Device,
  EpochMs,
  NotificationRecord,
  NotificationStatus,
  NotificationWithDeliveries,
  Platform,
  Recipient,
} from '../core/types.js';
import type { PushMessageContent } from '../expo/message.js';

export interface RecordTokenInput {
  userId: string;
  token: string;
  platform?: Platform | undefined;
  language?: string | null | undefined;
}

export interface NewNotification {
  /** Pre-generated `ntf_` id (the caller generates ids so batches need no round trip). */
  id: string;
  userId: string;
  content: PushMessageContent;
  idempotencyKey?: string | null | undefined;
  batchId?: string | null | undefined;
  /** Not before this time; defaults to `now`. */
  sendAt?: EpochMs | undefined;
}

/** What happened to one NewNotification, in input order. */
export type EnqueueOutcome =
  | { kind: 'queued'; id: string; deliveries: number }
  /** The idempotency key was seen before: the earlier notification's id; nothing new queued. */
  | { kind: 'duplicate'; id: string }
  | { kind: 'paused' }
  /** The user has no active device. */
  | { kind: 'no_devices' };

/** A delivery handed to a dispatcher, with what it needs to build the Expo message. */
export interface ClaimedDelivery {
  id: string;
  notificationId: string;
  token: string;
  project: string | null;
  attempts: number;
  content: PushMessageContent;
}

/** The result for one delivery of a request Expo answered. */
export type TicketOutcome =
  | { deliveryId: string; kind: 'ok'; ticketId: string; receiptDueAt: EpochMs }
  /** Permanent per-message error (DeviceNotRegistered, MessageTooBig, ...). */
  | { deliveryId: string; kind: 'error'; code: string; message: string; deactivateDevice: boolean }
  /** Temporary per-message error (MessageRateExceeded): back to `retrying`. */
  | { deliveryId: string; kind: 'retry'; code: string; message: string; nextAttemptAt: EpochMs }
  /** Retries ran out: `failed` with the last error. */
  | { deliveryId: string; kind: 'exhausted'; code: string; message: string };

export interface ClaimedReceipt {
  deliveryId: string;
  ticketId: string;
  token: string;
  sentAt: EpochMs;
}

export type ReceiptOutcome =
  | { deliveryId: string; kind: 'delivered' }
  | { deliveryId: string; kind: 'error'; code: string; message: string; deactivateDevice: boolean }
  /** Expo did not know the receipt yet: check again at `nextCheckAt`. */
  | { deliveryId: string; kind: 'pending'; nextCheckAt: EpochMs }
  /** Still no receipt 24 h after sending: the outcome is unknown, so `maybe_delivered` with code ReceiptMissing. */
  | { deliveryId: string; kind: 'missing' };

export interface NotificationFilter {
  userId?: string | undefined;
  status?: NotificationStatus | undefined;
  batchId?: string | undefined;
  /** createdAt >= from */
  from?: EpochMs | undefined;
  /** createdAt < to */
  to?: EpochMs | undefined;
}

/** Keyset pagination, newest first. `cursor` is opaque (returned as `nextCursor`). */
export interface CursorPage {
  limit: number;
  cursor?: string | null | undefined;
}

export interface OffsetPage {
  limit: number;
  /** 1-based page number. */
  page: number;
}

export interface SendBudget {
  /** How many messages may be sent now (0..wanted). */
  granted: number;
  /** When granted is 0: how long to wait before asking again. */
  waitMs: number;
}

export interface ClaimOptions {
  owner: string;
  now: EpochMs;
  leaseMs: number;
  limit: number;
  /** Also mark the request started (attempts + 1, request_started_at = now). Default false. */
  startNow?: boolean | undefined;
}

export interface StartRequestInput {
  /** Claimed deliveries, in the order they would be sent. */
  deliveryIds: string[];
  owner: string;
  now: EpochMs;
  leaseExpiresAt: EpochMs;
  /** The shared send budget to take from, or null for no rate limit. */
  budget: { project: string; limitPerSecond: number; windowMs: number } | null;
}

export interface StartRequestResult {
  /**
   * The ids (in input order) now marked started, as many of those still leased by `owner` as the
   * budget allowed: send exactly these.
   */
  started: string[];
  /** Ids no longer leased by `owner` (released, recovered, claimed again): never send them. */
  lost: string[];
  /** When nothing started but some are still held: how long to wait for budget. */
  waitMs: number;
}

export interface StoreStats {
  deliveriesByState: Record<DeliveryState, number>;
  notificationsByStatus: Partial<Record<NotificationStatus, number>>;
  /** createdAt of the oldest queued/retrying delivery that is due, or null. */
  oldestDueAt: EpochMs | null;
}

export interface Store {
  /** 'sqlite' | 'postgres' */
  readonly kind: string;
  /** Applies pending migrations (idempotent, safe to call from several processes at once). */
  migrate(): Promise<void>;
  /** True when the database answers and all migrations are applied. */
  isReady(): Promise<boolean>;
  close(): Promise<void>;
  /**
   * Calls `listener` soon after deliveries become due anywhere (this process or, for PostgreSQL,
   * any process: LISTEN/NOTIFY). Returns an unsubscribe function. Wake-ups may be coalesced.
   */
  onWork(listener: () => void): () => void;

  // ---- devices and recipients -------------------------------------------------------------
  /** Upserts by token: a known token moves to `userId`, is reactivated and its lastSeenAt bumped. */
  recordTokens(inputs: RecordTokenInput[], now: EpochMs): Promise<Device[]>;
  /** Deletes a device; returns it, or null when unknown. */
  removeToken(token: string): Promise<Device | null>;
  getDeviceByToken(token: string): Promise<Device | null>;
  getDevicesForUser(userId: string): Promise<Device[]>;
  /** Marks devices inactive so nothing more is queued for them. Returns how many changed. */
  deactivateTokens(tokens: string[], reason: string, now: EpochMs): Promise<number>;
  /** Remembers each token's Expo project, on the device and on its unsent deliveries. */
  setTokenProjects(entries: { token: string; project: string }[], now: EpochMs): Promise<void>;
  getRecipient(userId: string): Promise<Recipient | null>;
  /**
   * Pauses or resumes a user (creating the recipient row if needed). Pausing cancels that
   * user's deliveries still `queued` or `retrying`; returns how many were canceled.
   */
  setPaused(userId: string, paused: boolean, now: EpochMs): Promise<{ canceled: number }>;

  // ---- notifications ----------------------------------------------------------------------
  /**
   * Stores notifications and one `queued` delivery per active device of each user, all in one
   * transaction; paused users and users without active devices are skipped (not stored).
   */
  enqueueNotifications(items: NewNotification[], now: EpochMs): Promise<EnqueueOutcome[]>;
  createBatch(batch: BatchRecord): Promise<void>;
  getBatch(id: string): Promise<BatchRecord | null>;
  getNotification(id: string): Promise<NotificationWithDeliveries | null>;
  getNotificationByIdempotencyKey(key: string): Promise<NotificationRecord | null>;
  /** Newest first, keyset-paginated. */
  listNotifications(filter: NotificationFilter, page: CursorPage): Promise<{ items: NotificationRecord[]; nextCursor: string | null }>;
  /** Newest first, page/limit with a total count (the REST contract's shape). */
  listNotificationsPage(filter: NotificationFilter, page: OffsetPage): Promise<{ items: NotificationRecord[]; total: number }>;
  /** Counts of notifications by status for one batch (batch progress). */
  countBatchStatuses(batchId: string): Promise<Partial<Record<NotificationStatus, number>>>;
  /** Records that the app opened it; returns the updated record or null when unknown. */
  markOpened(id: string, openedAt: EpochMs, now: EpochMs): Promise<NotificationRecord | null>;
  /** Deletes a notification and its deliveries; false when unknown. */
  deleteNotification(id: string): Promise<boolean>;
  deleteNotificationsForUser(userId: string): Promise<number>;
  /** Cancels deliveries still `queued`/`retrying` (of one notification, or all when omitted). */
  cancelPending(notificationId: string | null, now: EpochMs): Promise<number>;

  // ---- dispatching ------------------------------------------------------------------------
  /**
   * Atomically moves up to `limit` due `queued`/`retrying` deliveries (oldest due first) to
   * `sending` under a lease owned by `owner` until `now + leaseMs`. Two callers never get the
   * same delivery. With `startNow` (no send budget to wait for: the request is written at once)
   * the claim also marks the request started, as startRequest would, saving a transaction.
   */
  claimDueDeliveries(opts: ClaimOptions): Promise<ClaimedDelivery[]>;
  /**
   * Records that a request carrying these deliveries is about to be written (attempts += 1) and
   * extends their lease to `leaseExpiresAt`. Only deliveries still `sending` under `owner`'s lease
   * are marked; their ids are returned, and only those may be sent (a lease that expired while
   * waiting for the send budget may already have been recovered by another process).
   */
  markRequestStarted(deliveryIds: string[], owner: string, now: EpochMs, leaseExpiresAt: EpochMs): Promise<string[]>;
  /**
   * reserveSendBudget and markRequestStarted in one transaction: the grant is stamped the moment
   * the request is about to be written, so jitter between the two cannot bunch requests.
   */
  startRequest(input: StartRequestInput): Promise<StartRequestResult>;
  /** Applies every outcome of one Expo answer in one transaction; updates notification status. */
  applyTickets(outcomes: TicketOutcome[], now: EpochMs): Promise<void>;
  /**
   * Request-level failure known not to have reached Expo (or refused as a whole): back to
   * `retrying` at `nextAttemptAt`, or `failed` with the error when `nextAttemptAt` is null.
   */
  releaseDeliveries(
    deliveryIds: string[],
    opts: { nextAttemptAt: EpochMs | null; code: string; message: string; undoAttempt?: boolean },
    now: EpochMs,
  ): Promise<void>;
  /** The request may have reached Expo but no answer came: `maybe_delivered`, never resent. */
  markMaybeDelivered(deliveryIds: string[], code: string, message: string, now: EpochMs): Promise<void>;
  /**
   * Deliveries left in `sending` by a dead process (lease expired): back to `queued` when no
   * request was started for them, `maybe_delivered` otherwise. Returns both counts.
   */
  recoverExpiredLeases(now: EpochMs): Promise<{ requeued: number; maybeDelivered: number }>;
  /** Earliest nextAttemptAt among queued/retrying deliveries, or null when none. */
  nextDueAt(): Promise<EpochMs | null>;
  /**
   * Shared per-project send budget: at most `limitPerSecond` messages granted in any `windowMs`
   * window (default 1000), across every process using this database. A window slightly longer
   * than a second leaves room for jitter between a grant and the request reaching Expo.
   */
  reserveSendBudget(project: string, wanted: number, limitPerSecond: number, now: EpochMs, windowMs?: number): Promise<SendBudget>;

  // ---- receipts ---------------------------------------------------------------------------
  /** Claims up to `limit` `sent` deliveries whose receipt is due, pushing receiptDueAt by leaseMs. */
  claimDueReceipts(opts: { now: EpochMs; leaseMs: number; limit: number }): Promise<ClaimedReceipt[]>;
  applyReceipts(outcomes: ReceiptOutcome[], now: EpochMs): Promise<void>;
  /** Earliest receiptDueAt among `sent` deliveries, or null. */
  nextReceiptDueAt(): Promise<EpochMs | null>;

  // ---- housekeeping -----------------------------------------------------------------------
  /** Deletes up to `limit` notifications whose deliveries are all final and updatedAt < before. */
  purgeFinished(before: EpochMs, limit: number): Promise<number>;
  stats(now: EpochMs): Promise<StoreStats>;

  // ---- HTTP idempotency (responses replayed for 24 h) -------------------------------------
  getIdempotentResponse(scope: string, key: string, notBefore: EpochMs): Promise<{ status: number; body: unknown } | null>;
  saveIdempotentResponse(scope: string, key: string, response: { status: number; body: unknown }, now: EpochMs): Promise<void>;
  /** Deletes up to `limit` saved responses created before `before`; returns how many. */
  purgeIdempotentResponses(before: EpochMs, limit: number): Promise<number>;

  // ---- API keys -----------------------------------------------------------------------------
  createApiKey(key: { id: string; name: string; hash: string; prefix: string }, now: EpochMs): Promise<void>;
  listApiKeys(): Promise<{ id: string; name: string; prefix: string; createdAt: EpochMs; revokedAt: EpochMs | null }[]>;
  findApiKeyByHash(hash: string): Promise<{ id: string; revokedAt: EpochMs | null } | null>;
  revokeApiKey(id: string, now: EpochMs): Promise<boolean>;
  countApiKeys(): Promise<number>;
}
