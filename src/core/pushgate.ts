/**
 * The library API, and the one way into Pushgate for the HTTP API, the CLI and the dashboard:
 * record tokens, send, query, pause, the engine's lifecycle, and the few operations those edges
 * need (API keys, saved Idempotency-Key answers, readiness, statistics). Mirrors the Convex
 * component's PushNotifications client without its limits (many devices per user, receipts,
 * idempotency, durable retries). Every accepted notification is committed to the store before a
 * send call returns.
 */
import { hostname } from 'node:os';
import { z } from 'zod';
import { type Clock, systemClock } from '../domain/clock.js';
import { ClosedError, IdempotencyKeyReusedError, InvalidArgumentError, PushgateError, UnregisteredUserError } from '../domain/errors.js';
import { ID_PREFIX, newId } from '../domain/ids.js';
import { type MessageContent, type PushMessageContent, validateContent } from '../domain/message.js';
import type { BatchRecord, Device, NotificationRecord, NotificationWithDeliveries } from '../domain/records.js';
import type { NotificationStatus } from '../domain/states.js';
import { Engine } from '../engine/engine.js';
import { deadProcesses } from '../engine/liveness.js';
import { ExpoClient } from '../expo/client.js';
import { openStore } from '../store/open.js';
import type { EngineProcess, NewNotification, NotificationFilter, OffsetPage, SchemaVersion, Store, StoreHealth, StoreStats } from '../store/port.js';
import { createLogger, type Logger } from '../util/logger.js';
import { type ApiKeyCheck, type ApiKeyRecord, type CreatedApiKey, createApiKey, verifyApiKey } from './api-keys.js';
import { ARGS, parseArgs } from './arguments.js';
import { engineConfig, IDEMPOTENCY_REPLAY_WINDOW_MS, type PushgateOptions, type ResolvedConfig, resolveConfig } from './config.js';
import { sameContent } from './idempotency.js';
import { importTokens, type TokenImportItem, type TokenImportResult } from './import-tokens.js';
import { checkDatabaseLocation } from './location.js';
import { mapInParallel } from './parallel.js';
import type { FanOutArgs, FanOutResult, RecordTokenArgs, SendArgs, UserStatus } from './types.js';
import { type WaitEnd, type WaitOptions, type WaitUntil, waitForBatch, waitForNotification } from './wait.js';

export type { TokenImportItem, TokenImportResult } from './import-tokens.js';
export type { FanOutArgs, FanOutResult, RecordTokenArgs, SendArgs, UserStatus } from './types.js';

/**
 * Largest number of notifications written in one store call by a fan-out. Smaller than it was
 * (5,000) since fan-out chunks are written two at a time: peak RSS of a 1,000,000-user fan-out
 * stayed about 340 MB instead of growing to 430 MB.
 */
const FANOUT_CHUNK = 2_500;
/**
 * Chunks of one fan-out written at once. On PostgreSQL each runs on its own connection and
 * backend, so a large fan-out uses more than one core (enqueue_fanout 36,000 -> 57,000
 * notifications/s on this 2-core machine); the SQLite store commits them together.
 */
const FANOUT_PARALLELISM = 2;

/** The database is behind the migrations this version needs, and `migrate: false` forbids applying them. */
export class SchemaNotMigratedError extends PushgateError {
  constructor(readonly version: SchemaVersion) {
    super(
      'SchemaNotMigrated',
      `database schema is not migrated (applied v${version.applied}, need v${version.latest}): run \`pushgate migrate\` or open with migrate: true`,
      version,
    );
  }
}

/**
 * A Pushgate instance: one store, one Expo transport and (unless `runEngine: false`) the engine.
 * `UserId` narrows the user id type, like the Convex component's type parameter.
 */
export class Pushgate<UserId extends string = string> {
  readonly config: ResolvedConfig;
  readonly logger: Logger;
  /** The engine of this process (null with `runEngine: false`); its events feed metrics. */
  readonly engine: Engine | null;
  private readonly store: Store;
  private readonly clock: Clock;
  private closed = false;

  private constructor(store: Store, config: ResolvedConfig, logger: Logger, clock: Clock) {
    this.config = config;
    this.logger = logger;
    this.store = store;
    this.clock = clock;
    if (config.runEngine) {
      const transport = new ExpoClient({ ...config.expo, logger });
      const owner = `${hostname()}:${process.pid}:${newId('eng').slice(4, 14)}`;
      this.engine = new Engine({ store, transport, config: engineConfig(config), logger, owner, clock });
    } else {
      this.engine = null;
    }
  }

  /**
   * Opens the store (applying migrations unless `migrate: false`, which instead requires them
   * applied and throws SchemaNotMigratedError) and starts the engine.
   */
  static async open<UserId extends string = string>(options: PushgateOptions = {}): Promise<Pushgate<UserId>> {
    const config = resolveConfig(options);
    const logger = options.logger ?? createLogger(config.logLevel);
    const clock = options.clock ?? systemClock;
    if (!options.store) checkDatabaseLocation(config.databaseUrl);
    const store = options.store ?? (await openStore(config.databaseUrl, { clock }));
    try {
      if (config.migrate) {
        await store.migrate();
      } else {
        const version = await store.schemaVersion();
        if (version.applied < version.latest) throw new SchemaNotMigratedError(version);
      }
    } catch (error) {
      if (!options.store) await store.close().catch(() => {});
      throw error;
    }
    const pushgate = new Pushgate<UserId>(store, config, logger, clock);
    pushgate.engine?.start();
    return pushgate;
  }

  /** Which kind of database this instance uses. */
  get storeKind(): Store['kind'] {
    return this.store.kind;
  }

  // ---- tokens --------------------------------------------------------------------------------

  /** Records a device token for a user (a token seen under another user moves; re-recording reactivates). */
  async recordToken(args: RecordTokenArgs<UserId>): Promise<Device> {
    this.assertOpen();
    const input = parseArgs('recordToken', ARGS.recordToken, args);
    const [device] = await this.store.recordTokens([{ ...input, token: input.pushToken }], this.clock.now());
    return device!;
  }

  /** Bulk variant of recordToken, one transaction: all or nothing (see importTokens for per-item results). */
  async recordTokens(items: RecordTokenArgs<UserId>[]): Promise<Device[]> {
    this.assertOpen();
    const inputs = parseArgs('recordTokens', z.array(ARGS.recordToken), items).map((item) => ({ ...item, token: item.pushToken }));
    return this.store.recordTokens(inputs, this.clock.now());
  }

  /**
   * Imports many tokens (a backend moving from its own token table), with a result per item in
   * input order: a malformed item is reported and the others are recorded. Stored in transactions
   * of up to 5,000 devices.
   */
  async importTokens(items: TokenImportItem[]): Promise<TokenImportResult[]> {
    this.assertOpen();
    if (!Array.isArray(items)) throw new InvalidArgumentError('importTokens: items: must be an array of { userId, pushToken, platform?, language? }');
    return importTokens(this.store, items, this.clock.now());
  }

  /** Removes a device token; returns the removed device or null when unknown. */
  async removeToken(args: { pushToken: string }): Promise<Device | null> {
    this.assertOpen();
    return this.store.removeToken(parseArgs('removeToken', ARGS.removeToken, args).pushToken);
  }

  /** Removes every device token of a user (the Convex component's removeToken); returns the removed devices. */
  async removeTokensForUser(args: { userId: UserId }): Promise<Device[]> {
    this.assertOpen();
    return this.store.removeTokensForUser(parseArgs('removeTokensForUser', ARGS.user, args).userId);
  }

  /**
   * Pauses sending to a user: sends return null and store nothing, and notifications already
   * queued are dropped (canceled, code Paused) if they come due while the user is paused; those
   * scheduled for after a resume still go out. Returns how many deliveries of the user are waiting.
   */
  async pausePushNotifications(args: { userId: UserId }): Promise<{ waiting: number }> {
    this.assertOpen();
    const { userId } = parseArgs('pausePushNotifications', ARGS.user, args);
    return this.store.setPaused(userId, true, this.clock.now());
  }

  async resumePushNotifications(args: { userId: UserId }): Promise<void> {
    this.assertOpen();
    const { userId } = parseArgs('resumePushNotifications', ARGS.user, args);
    await this.store.setPaused(userId, false, this.clock.now());
  }

  /** A user's devices, oldest first, active or not. */
  async getDevices(args: { userId: UserId }): Promise<Device[]> {
    this.assertOpen();
    return this.store.getDevicesForUser(parseArgs('getDevices', ARGS.user, args).userId);
  }

  async getStatusForUser(args: { userId: UserId }): Promise<UserStatus> {
    this.assertOpen();
    const { userId } = parseArgs('getStatusForUser', ARGS.user, args);
    const [recipient, devices] = await Promise.all([this.store.getRecipient(userId), this.store.getDevicesForUser(userId)]);
    const activeDevices = devices.filter((d) => d.active).length;
    return { hasToken: activeDevices > 0, paused: recipient?.paused ?? false, activeDevices, devices };
  }

  // ---- sending -------------------------------------------------------------------------------

  /**
   * Queues one notification for every active device of a user. Returns its id, or null when the
   * user is paused (or has no device and allowUnregisteredTokens is set). Throws
   * MessageValidationError (e.g. MessageTooBig) before anything is stored.
   */
  async sendPushNotification(args: SendArgs<UserId>): Promise<string | null> {
    const [id] = await this.enqueue('sendPushNotification', [args]);
    return id ?? null;
  }

  /**
   * Queues many notifications, all or nothing: ids in input order (null for a paused user, or a
   * user without devices where allowUnregisteredTokens allows it). When a user has no active
   * device and that is not allowed, nothing of the batch is stored and UnregisteredUserError is
   * thrown; a retry then cannot send anything twice. An idempotency key seen before returns the
   * earlier notification's id, or throws IdempotencyKeyReusedError when that notification went to
   * another user or had other content (the batch's other items are stored as usual).
   */
  async sendPushNotificationBatch(items: SendArgs<UserId>[]): Promise<(string | null)[]> {
    if (!Array.isArray(items)) throw new InvalidArgumentError('sendPushNotificationBatch: items: must be an array of { userId, notification, ... }');
    return this.enqueue('sendPushNotificationBatch', items);
  }

  private async enqueue(method: string, items: SendArgs<UserId>[]): Promise<(string | null)[]> {
    this.assertOpen();
    const now = this.clock.now();
    const news: NewNotification[] = items.map((raw, index) => {
      const where = method === 'sendPushNotification' ? undefined : String(index);
      const item = parseArgs(method, ARGS.send, raw, where);
      return {
        id: newId(ID_PREFIX.notification, now),
        userId: item.userId,
        content: validateContent(item.notification, where === undefined ? 'notification' : `${where}.notification`),
        idempotencyKey: item.idempotencyKey ?? null,
        sendAt: item.sendAt ?? now,
        requireDevice: !(item.allowUnregisteredTokens ?? this.config.allowUnregisteredTokens),
      };
    });
    const outcomes = await this.store.enqueueNotifications(news, now);
    this.engine?.wake();
    for (const [index, outcome] of outcomes.entries()) {
      if (outcome.kind === 'duplicate') await this.assertSameRequest(news[index]!, outcome.id);
    }
    return outcomes.map((outcome) => (outcome.kind === 'queued' || outcome.kind === 'duplicate' ? outcome.id : null));
  }

  /** An idempotency key names one request: the same user and the same content, or IdempotencyKeyReusedError. */
  private async assertSameRequest(item: { userId: string; content: MessageContent; idempotencyKey?: string | null }, existingId: string) {
    const existing = await this.store.getNotification(existingId);
    if (existing && (existing.userId !== item.userId || !sameContent(existing.content, item.content))) {
      throw new IdempotencyKeyReusedError(item.idempotencyKey ?? '', existingId);
    }
  }

  /**
   * Sends one notification to many users (a fan-out), recorded as a batch whose progress can be
   * read with getBatch. Users paused or without devices are skipped, never an error.
   */
  async sendToUsers(args: FanOutArgs<UserId>): Promise<FanOutResult> {
    this.assertOpen();
    const input = parseArgs('sendToUsers', ARGS.fanOut, args);
    const content = validateContent(input.notification);
    const now = this.clock.now();
    const batchId = newId(ID_PREFIX.batch, now);
    const sendAt = input.sendAt ?? now;
    const userIds = input.userIds;
    const chunks = Math.ceil(userIds.length / FANOUT_CHUNK);
    let queued = 0;
    const idsByChunk = await mapInParallel(chunks, FANOUT_PARALLELISM, async (index) => {
      const chunk = userIds.slice(index * FANOUT_CHUNK, (index + 1) * FANOUT_CHUNK).map((userId) => ({
        id: newId(ID_PREFIX.notification, now),
        userId,
        content,
        batchId,
        sendAt,
        idempotencyKey: input.idempotencyKey ? `${input.idempotencyKey}:${userId}` : null,
      }));
      const outcomes = await this.store.enqueueNotifications(chunk, now);
      // A repeated fan-out: one duplicate per chunk is compared (the rest carry the same content).
      const duplicate = outcomes.findIndex((outcome) => outcome.kind === 'duplicate');
      if (duplicate >= 0) await this.assertSameRequest(chunk[duplicate]!, (outcomes[duplicate] as { id: string }).id);
      // Only the ids are kept: a million outcome objects would cost tens of MB until the end.
      return outcomes.map((outcome) => {
        if (outcome.kind !== 'queued' && outcome.kind !== 'duplicate') return null;
        queued++;
        return outcome.id;
      });
    });
    const ids = idsByChunk.flat();
    const batch: BatchRecord = { id: batchId, total: userIds.length, queued, skipped: ids.length - queued, createdAt: now };
    await this.store.createBatch(batch);
    this.engine?.wake();
    return { batchId, total: batch.total, queued, skipped: batch.skipped, ids };
  }

  // ---- queries -------------------------------------------------------------------------------

  /** A notification with its per-device deliveries (ticket ids, error codes, attempts, times). */
  async getNotification(args: { id: string }): Promise<NotificationWithDeliveries | null> {
    this.assertOpen();
    return this.store.getNotification(parseArgs('getNotification', ARGS.id, args).id);
  }

  /** A user's notifications, newest first; pass `nextCursor` back to get the next page. */
  async getNotificationsForUser(args: {
    userId: UserId;
    limit?: number;
    cursor?: string | null;
  }): Promise<{ notifications: NotificationRecord[]; nextCursor: string | null }> {
    this.assertOpen();
    const input = parseArgs('getNotificationsForUser', ARGS.userPage, args);
    const { items, nextCursor } = await this.store.listNotifications({ userId: input.userId }, { limit: input.limit ?? 50, cursor: input.cursor ?? null });
    return { notifications: items, nextCursor };
  }

  /** Page/limit listing with a total, for the REST contract (`limit` 1..1000, `page` from 1). */
  async listNotifications(filter: NotificationFilter, page: OffsetPage): Promise<{ items: NotificationRecord[]; total: number }> {
    this.assertOpen();
    const where = parseArgs('listNotifications', ARGS.filter, filter ?? {}, 'filter');
    return this.store.listNotificationsPage(where, parseArgs('listNotifications', ARGS.page, page, 'page'));
  }

  /** Deletes all of a user's notifications (and cancels what was still queued with them). */
  async deleteNotificationsForUser(args: { userId: UserId }): Promise<{ deleted: number }> {
    this.assertOpen();
    return { deleted: await this.store.deleteNotificationsForUser(parseArgs('deleteNotificationsForUser', ARGS.user, args).userId) };
  }

  /** Deletes one notification; false when unknown. */
  async deleteNotification(args: { id: string }): Promise<boolean> {
    this.assertOpen();
    return this.store.deleteNotification(parseArgs('deleteNotification', ARGS.id, args).id);
  }

  /** Cancels what of a notification is not sent yet (queued or retrying); returns how many deliveries. */
  async cancelNotification(args: { id: string }): Promise<{ canceled: number }> {
    this.assertOpen();
    return { canceled: await this.store.cancelPending(parseArgs('cancelNotification', ARGS.id, args).id, this.clock.now()) };
  }

  /** Records that the app reported the notification opened. */
  async markOpened(args: { id: string; openedAt?: number | Date }): Promise<NotificationRecord | null> {
    this.assertOpen();
    const input = parseArgs('markOpened', ARGS.markOpened, args);
    const now = this.clock.now();
    return this.store.markOpened(input.id, input.openedAt ?? now, now);
  }

  /** A fan-out's record and how many of its notifications are in each status. */
  async getBatch(args: { id: string }): Promise<(BatchRecord & { statuses: Partial<Record<NotificationStatus, number>> }) | null> {
    this.assertOpen();
    const { id } = parseArgs('getBatch', ARGS.id, args);
    const batch = await this.store.getBatch(id);
    if (!batch) return null;
    return { ...batch, statuses: await this.store.countBatchStatuses(id) };
  }

  // ---- the REST contract's names (seed rest-api-contract.txt) --------------------------------

  /** The REST contract's name for recordToken (`POST /device-tokens`): `{ userId, token, platform?, language? }`. */
  async registerDeviceToken(args: { userId: UserId; token: string; platform?: RecordTokenArgs['platform']; language?: string | null }): Promise<Device> {
    const { token, ...rest } = (args ?? {}) as typeof args;
    return this.recordToken({ ...rest, pushToken: token });
  }

  /** The REST contract's name for removeToken (`DELETE /device-tokens/:token`): the removed device, or null when unknown. */
  async removeDeviceToken(args: { token: string }): Promise<Device | null> {
    const { token, ...rest } = (args ?? {}) as typeof args;
    return this.removeToken({ ...rest, pushToken: token });
  }

  /** The REST contract's name for sendToUsers (`POST /batch`): `{ userIds, payload, idempotencyKey?, sendAt? }`. */
  async sendBatchNotifications(args: {
    userIds: UserId[];
    payload: PushMessageContent;
    idempotencyKey?: string;
    sendAt?: number | Date;
  }): Promise<FanOutResult> {
    const { payload, ...rest } = (args ?? {}) as typeof args;
    return this.sendToUsers({ ...rest, notification: payload });
  }

  /**
   * Resolves once the notification has left queued/sending/retrying (Expo accepted or refused
   * it), or after `timeoutMs`; returns the notification as it then is.
   */
  async waitForOutcome(args: { id: string; timeoutMs: number }): Promise<NotificationWithDeliveries | null> {
    return (await this.waitForNotification({ id: args.id, until: 'accepted', timeoutMs: args.timeoutMs })).notification;
  }

  /** Waits until the notification is accepted/refused (`accepted`) or final (`final`), the timeout, or `signal`. */
  async waitForNotification(args: { id: string; until: WaitUntil } & WaitOptions): Promise<{ notification: NotificationWithDeliveries | null; end: WaitEnd }> {
    this.assertOpen();
    const input = parseArgs('waitForNotification', ARGS.waitForNotification, args);
    return waitForNotification(this.waitDeps(), input.id, input.until, input);
  }

  /** Waits until no notification of the batch is queued, sending or retrying, the timeout, or `signal`. */
  async waitForBatch(args: { id: string } & WaitOptions): Promise<{ statuses: Partial<Record<NotificationStatus, number>>; end: WaitEnd }> {
    this.assertOpen();
    const input = parseArgs('waitForBatch', ARGS.waitForBatch, args);
    return waitForBatch(this.waitDeps(), input.id, input);
  }

  private waitDeps() {
    return { store: this.store, engine: this.engine, clock: this.clock };
  }

  // ---- operations ----------------------------------------------------------------------------

  /**
   * Whether this instance can serve requests: the database answers, every migration is applied and
   * the latest write did not fail for lack of space; if not, a PushgateError code and why.
   */
  async health(): Promise<StoreHealth | { ready: false; code: 'Closed'; message: string }> {
    if (this.closed) return { ready: false, code: 'Closed', message: 'this Pushgate instance is closed' };
    return this.store.health();
  }

  /**
   * The engines sharing this database, as their heartbeats record them: `alive` false once a
   * heartbeat is older than `deadAfterMs` (its work is then recovered by the others), `current`
   * for this process's own engine.
   */
  async engineProcesses(): Promise<(EngineProcess & { alive: boolean; current: boolean })[]> {
    this.assertOpen();
    const processes = await this.store.listProcesses();
    const dead = new Set(deadProcesses(processes, this.engine?.owner ?? '', this.clock.now(), this.config.deadAfterMs));
    return processes.map((p) => ({ ...p, alive: !dead.has(p.id), current: p.id === this.engine?.owner }));
  }

  /** Deliveries by state, notifications by status, and the age of the oldest due delivery. */
  async stats(): Promise<StoreStats> {
    this.assertOpen();
    return this.store.stats(this.clock.now());
  }

  /** Creates an API key; the secret is in the result only (shown once, stored as a hash). */
  async createApiKey(args: { name: string }): Promise<CreatedApiKey> {
    this.assertOpen();
    return createApiKey(this.store, parseArgs('createApiKey', ARGS.apiKeyName, args).name, this.clock.now());
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    this.assertOpen();
    return this.store.listApiKeys();
  }

  /** Revokes a key; false when unknown or already revoked. */
  async revokeApiKey(args: { id: string }): Promise<boolean> {
    this.assertOpen();
    return this.store.revokeApiKey(parseArgs('revokeApiKey', ARGS.id, args).id, this.clock.now());
  }

  /** Whether `key` is a stored, unrevoked API key. */
  async verifyApiKey(key: string): Promise<ApiKeyCheck> {
    this.assertOpen();
    return verifyApiKey(this.store, key);
  }

  /** An answer saved for an Idempotency-Key within the replay window (24 h), or null. */
  async getSavedResponse(scope: string, key: string): Promise<{ status: number; body: unknown } | null> {
    this.assertOpen();
    return this.store.getIdempotentResponse(scope, key, this.clock.now() - IDEMPOTENCY_REPLAY_WINDOW_MS);
  }

  /** Saves the answer for an Idempotency-Key; the janitor deletes it after the replay window. */
  async saveResponse(scope: string, key: string, response: { status: number; body: unknown }): Promise<void> {
    this.assertOpen();
    await this.store.saveIdempotentResponse(scope, key, response, this.clock.now());
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  /** Stops starting new Expo requests and waits for in-flight ones to finish. Sends still queue. */
  async shutdown(): Promise<void> {
    await this.engine?.shutdown();
  }

  /** Resumes the engine after shutdown. */
  restart(): void {
    this.assertOpen();
    this.engine?.restart();
  }

  /** Shuts the engine down (draining in-flight requests) and closes the store. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.engine?.shutdown();
    await this.engine?.dispose();
    await this.store.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new ClosedError();
  }
}

export { UnregisteredUserError };
