/**
 * The Store port: every piece of persistent state, in domain terms. SQLite and PostgreSQL
 * implement it and pass one conformance suite (test/store/conformance.ts). A store writes what it
 * is told: which state an Expo answer leads to, what a lost lease means, how much send budget is
 * free are decided by the engine and domain/, never in a store's SQL.
 *
 * The notification table is the queue: deliveries move through the state machine below and
 * no second queue holds a copy of the payload.
 *
 *   queued/retrying --claimDueDeliveries--> sending --applyTickets--> sent | retrying | failed | maybe_delivered
 *   sending --releaseDeliveries--> the state the caller names (request-level failure, shutdown)
 *   sending (lease expired) --recoverExpiredLeases--> the state the caller names per case
 *   sent --applyReceipts--> delivered | failed | maybe_delivered (or stays sent, checked again later)
 *   queued/retrying --cancelPending / setPaused--> canceled
 */

import type { BudgetRequest } from '../domain/budget.js';
import type { MessageContent } from '../domain/message.js';
import type { BatchRecord, Device, EpochMs, NotificationRecord, NotificationWithDeliveries, Platform, Recipient } from '../domain/records.js';
import type { DeliveryState, NotificationStatus } from '../domain/states.js';

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
  content: MessageContent;
  idempotencyKey?: string | null | undefined;
  batchId?: string | null | undefined;
  /** Not before this time; defaults to `now`. */
  sendAt?: EpochMs | undefined;
  /**
   * The user must have an active device (or be paused): if not, nothing of the whole call is
   * stored and enqueueNotifications throws UnregisteredUserError. Default false (skipped).
   */
  requireDevice?: boolean | undefined;
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
  /** Expo requests that carried it before this claim. */
  attempts: number;
  content: MessageContent;
  /** Its user is paused now: not to be sent (the dispatcher drops it, see setPaused). */
  paused: boolean;
}

/** What to write to one delivery that leaves `sending` because of an Expo answer. */
export interface TicketUpdate {
  deliveryId: string;
  state: Extract<DeliveryState, 'sent' | 'retrying' | 'failed' | 'maybe_delivered'>;
  /** `sent`: Expo's ticket id, and when to look at its receipt. */
  ticketId?: string | undefined;
  receiptDueAt?: EpochMs | undefined;
  /** `retrying`: when to try again. */
  nextAttemptAt?: EpochMs | undefined;
  errorCode?: string | undefined;
  errorMessage?: string | undefined;
  /** The token is dead (DeviceNotRegistered): deactivate its device with errorCode as the reason. */
  deactivateDevice?: boolean | undefined;
}

/** One change for many deliveries (a whole request failed, or a lease ran out). */
export interface BulkUpdate {
  state: Extract<DeliveryState, 'queued' | 'retrying' | 'failed' | 'maybe_delivered' | 'canceled'>;
  /** Required for `queued` and `retrying`. */
  nextAttemptAt?: EpochMs | undefined;
  errorCode?: string | undefined;
  errorMessage?: string | undefined;
  /** The request never reached Expo: it does not count as an attempt (where one was started). */
  undoAttempt?: boolean | undefined;
}

export interface ClaimedReceipt {
  deliveryId: string;
  ticketId: string;
  token: string;
  sentAt: EpochMs;
}

/** What to write to one `sent` delivery after asking Expo for its receipt. */
export interface ReceiptUpdate {
  deliveryId: string;
  /** `sent` means Expo had no receipt yet: look again at `recheckAt`. */
  state: Extract<DeliveryState, 'sent' | 'delivered' | 'failed' | 'maybe_delivered'>;
  recheckAt?: EpochMs | undefined;
  errorCode?: string | undefined;
  errorMessage?: string | undefined;
  deactivateDevice?: boolean | undefined;
}

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

export interface ClaimOptions {
  owner: string;
  now: EpochMs;
  leaseMs: number;
  limit: number;
  /** Also mark the request started (attempts + 1, request started now). Default false. */
  startNow?: boolean | undefined;
}

export interface StartRequestInput {
  /** Claimed deliveries, in the order they would be sent. */
  deliveryIds: string[];
  owner: string;
  /** The lease of the deliveries started (and of those left waiting) runs this long from now. */
  leaseMs: number;
  /** The shared send budget to take from, or null for no rate limit. */
  budget: BudgetRequest | null;
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
  /** The send-budget grant of the started deliveries (for confirmSend), or null without one. */
  grant?: string | null;
}

/** What a lost lease turns a delivery into, for each of the two cases. */
export interface LeaseRecovery {
  /** No request carried it yet: it can safely go out again. */
  notStarted: BulkUpdate;
  /** A request may have reached Expo. */
  started: BulkUpdate;
}

/** A running engine, as its heartbeats record it. */
export interface EngineProcess {
  /** The engine's owner id; its claims are leased to `<id>#<n>`. */
  id: string;
  host: string;
  pid: number;
  startedAt: EpochMs;
  heartbeatAt: EpochMs;
}

export interface StoreStats {
  deliveriesByState: Record<DeliveryState, number>;
  notificationsByStatus: Partial<Record<NotificationStatus, number>>;
  /** createdAt of the oldest queued/retrying delivery that is due, or null. */
  oldestDueAt: EpochMs | null;
}

export interface SchemaVersion {
  /** Highest migration applied to the database (0 when none). */
  applied: number;
  /** Highest migration this version of Pushgate knows (what it needs). */
  latest: number;
}

/** Whether the store can serve requests now, and if not, why (a PushgateError code and a message). */
export type StoreHealth = { ready: true } | { ready: false; code: 'NotMigrated' | 'StorageUnavailable' | 'StorageFull'; message: string };

export interface ApiKeyRecord {
  id: string;
  name: string;
  prefix: string;
  createdAt: EpochMs;
  revokedAt: EpochMs | null;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** Applies pending migrations (idempotent, safe to call from several processes at once). */
  migrate(): Promise<void>;
  /** The applied and the needed migration versions (read-only). */
  schemaVersion(): Promise<SchemaVersion>;
  /**
   * Ready when the database answers, every migration is applied and the latest write did not fail
   * for lack of space or permission. Operations that fail because the database cannot serve them
   * now reject with StorageUnavailableError (code StorageUnavailable or StorageFull).
   */
  health(): Promise<StoreHealth>;
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
  /** Deletes every device of a user; returns them (oldest first), none when the user has none. */
  removeTokensForUser(userId: string): Promise<Device[]>;
  getDevicesForUser(userId: string): Promise<Device[]>;
  /** Remembers each token's Expo project, on the device and on its unsent deliveries. */
  setTokenProjects(entries: { token: string; project: string }[], now: EpochMs): Promise<void>;
  getRecipient(userId: string): Promise<Recipient | null>;
  /**
   * Pauses or resumes a user (creating the recipient row if needed). Nothing queued is changed:
   * claims report a paused user's deliveries as `paused` when they come due, so what is scheduled
   * for after a resume still goes out. Returns how many of the user's deliveries are waiting.
   */
  setPaused(userId: string, paused: boolean, now: EpochMs): Promise<{ waiting: number }>;

  // ---- notifications ----------------------------------------------------------------------
  /**
   * Stores notifications and one `queued` delivery per active device of each user, all in one
   * transaction; paused users and users without active devices are skipped (not stored), unless
   * an item with `requireDevice` finds none: then the call stores nothing and throws
   * UnregisteredUserError.
   */
  enqueueNotifications(items: NewNotification[], now: EpochMs): Promise<EnqueueOutcome[]>;
  createBatch(batch: BatchRecord): Promise<void>;
  getBatch(id: string): Promise<BatchRecord | null>;
  getNotification(id: string): Promise<NotificationWithDeliveries | null>;
  /** Newest first, keyset-paginated; throws InvalidCursorError for a cursor it did not make. */
  listNotifications(filter: NotificationFilter, page: CursorPage): Promise<{ items: NotificationRecord[]; nextCursor: string | null }>;
  /** Newest first, page/limit with a total count (the REST contract's shape), both read in one snapshot. */
  listNotificationsPage(filter: NotificationFilter, page: OffsetPage): Promise<{ items: NotificationRecord[]; total: number }>;
  /** Counts of notifications by status for one batch (batch progress). */
  countBatchStatuses(batchId: string): Promise<Partial<Record<NotificationStatus, number>>>;
  /** Records that the app opened it; returns the updated record or null when unknown. */
  markOpened(id: string, openedAt: EpochMs, now: EpochMs): Promise<NotificationRecord | null>;
  /** Deletes a notification and its deliveries; false when unknown. */
  deleteNotification(id: string): Promise<boolean>;
  deleteNotificationsForUser(userId: string): Promise<number>;
  /** Cancels the deliveries of a notification still `queued`/`retrying`; returns how many. */
  cancelPending(notificationId: string, now: EpochMs): Promise<number>;

  // ---- dispatching ------------------------------------------------------------------------
  /**
   * Atomically moves up to `limit` due `queued`/`retrying` deliveries (oldest due first) to
   * `sending` under a lease owned by `owner` until `now + leaseMs`. Two callers never get the
   * same delivery. With `startNow` (no send budget to wait for: the request is written at once)
   * the claim also marks the request started, as startRequest would, saving a transaction.
   */
  claimDueDeliveries(opts: ClaimOptions): Promise<ClaimedDelivery[]>;
  /**
   * Takes send budget and marks the granted deliveries' request started (attempts + 1), in one
   * transaction, at the store's clock once it holds the budget ledger: the grant is stamped the
   * moment the request is about to be written. Only deliveries still `sending` under `owner` are
   * considered (a lease that expired while waiting may have been recovered elsewhere); those left
   * waiting for budget keep their lease.
   */
  startRequest(input: StartRequestInput): Promise<StartRequestResult>;
  /**
   * The request of a grant was written at `sentAt`: the grant counts from then, never earlier.
   * Between the grant and the write the process may have been busy (say, queuing a fan-out on the
   * same event loop); stamped at the grant, the request would reach Expo later than the shared
   * budget counts it, and arrivals from several processes would bunch into a 429.
   */
  confirmSend(grant: string, sentAt: EpochMs): Promise<void>;
  /** Writes every update of one Expo answer in one transaction, to deliveries still `sending`. */
  applyTickets(updates: TicketUpdate[], now: EpochMs): Promise<void>;
  /** Moves deliveries still `sending` to `update.state` (a request-level failure, shutdown). */
  releaseDeliveries(deliveryIds: string[], update: BulkUpdate, now: EpochMs): Promise<void>;
  /**
   * Moves every delivery still `sending` under these lease owners (whole claims) to
   * `update.state`: a claim whose outcome the dispatcher lost (the database went away mid-call),
   * which it knows it never sent.
   */
  releaseClaims(owners: readonly string[], update: BulkUpdate, now: EpochMs): Promise<void>;
  /**
   * Deliveries left in `sending` by a dead process, those whose lease expired before `now` or
   * whose lease owner is `<id>#...` of one of `deadProcesses`: each becomes `recovery.notStarted`
   * or `recovery.started`, by whether a request was started for it.
   */
  recoverExpiredLeases(now: EpochMs, recovery: LeaseRecovery, deadProcesses?: readonly string[]): Promise<{ notStarted: number; started: number }>;
  /** Earliest nextAttemptAt among queued/retrying deliveries, or null when none. */
  nextDueAt(): Promise<EpochMs | null>;

  // ---- engine processes ---------------------------------------------------------------------
  /** Records (or renews) a running engine's heartbeat. */
  heartbeat(process: EngineProcess): Promise<void>;
  /** Every engine recorded, oldest first. */
  listProcesses(): Promise<EngineProcess[]>;
  /** Forgets engines (one that stopped, or dead ones whose work was recovered). */
  removeProcesses(ids: readonly string[]): Promise<void>;

  // ---- receipts ---------------------------------------------------------------------------
  /** Claims up to `limit` `sent` deliveries whose receipt is due, pushing receiptDueAt by leaseMs. */
  claimDueReceipts(opts: { now: EpochMs; leaseMs: number; limit: number }): Promise<ClaimedReceipt[]>;
  /** Writes receipt updates to deliveries still `sent`. */
  applyReceipts(updates: ReceiptUpdate[], now: EpochMs): Promise<void>;
  /** Earliest receiptDueAt among `sent` deliveries, or null. */
  nextReceiptDueAt(): Promise<EpochMs | null>;

  // ---- housekeeping -----------------------------------------------------------------------
  /** Deletes up to `limit` notifications whose deliveries are all final and updatedAt < before. */
  purgeFinished(before: EpochMs, limit: number): Promise<number>;
  stats(now: EpochMs): Promise<StoreStats>;

  // ---- HTTP idempotency (answers replayed for a while) --------------------------------------
  getIdempotentResponse(scope: string, key: string, notBefore: EpochMs): Promise<{ status: number; body: unknown } | null>;
  saveIdempotentResponse(scope: string, key: string, response: { status: number; body: unknown }, now: EpochMs): Promise<void>;
  /** Deletes up to `limit` saved responses created before `before`; returns how many. */
  purgeIdempotentResponses(before: EpochMs, limit: number): Promise<number>;

  // ---- API keys -----------------------------------------------------------------------------
  createApiKey(key: { id: string; name: string; hash: string; prefix: string }, now: EpochMs): Promise<void>;
  listApiKeys(): Promise<ApiKeyRecord[]>;
  findApiKeyByHash(hash: string): Promise<{ id: string; revokedAt: EpochMs | null } | null>;
  revokeApiKey(id: string, now: EpochMs): Promise<boolean>;
}
