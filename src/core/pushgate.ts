/**
 * The library API: record tokens, send, query, pause, and the engine's lifecycle. Mirrors the
 * Convex component's PushNotifications client without its limits (many devices per user,
 * receipts, idempotency, durable retries). Every accepted notification is committed to the store
 * before a send call returns.
 */
import { hostname } from 'node:os';
import { Engine } from '../engine/engine.js';
import { ExpoClient } from '../expo/client.js';
import { type PushMessageContent, pushTokenSchema, validateContent } from '../expo/message.js';
import { openStore } from '../store/open.js';
import type { EnqueueOutcome, NewNotification, NotificationFilter, OffsetPage, Store } from '../store/store.js';
import { ID_PREFIX, newId } from '../util/ids.js';
import { createLogger, type Logger } from '../util/logger.js';
import { type PushgateOptions, type ResolvedConfig, resolveConfig } from './config.js';
import { ClosedError, InvalidArgumentError, UnregisteredUserError } from './errors.js';
import { mapInParallel } from './parallel.js';
import type { BatchRecord, Device, NotificationRecord, NotificationWithDeliveries, Platform } from './types.js';
import { waitForSettled } from './wait.js';

/**
 * Largest number of notifications written in one store call by the batch APIs. Smaller than it
 * was (5,000) since fan-out chunks are written two at a time: peak RSS of a 1,000,000-user
 * fan-out stayed about 340 MB instead of growing to 430 MB.
 */
const ENQUEUE_CHUNK = 2_500;
/**
 * Chunks of one fan-out written at once. On PostgreSQL each runs on its own connection and
 * backend, so a large fan-out uses more than one core (enqueue_fanout 36,000 -> 57,000
 * notifications/s on this 2-core machine); the SQLite store commits them together.
 */
const FANOUT_PARALLELISM = 2;

export interface RecordTokenArgs<UserId extends string = string> {
  userId: UserId;
  pushToken: string;
  platform?: Platform;
  /** Device language (ISO 639-1, optionally with region), e.g. `en` or `pt-BR`. */
  language?: string | null;
}

export interface SendArgs<UserId extends string = string> {
  userId: UserId;
  notification: PushMessageContent;
  /** A repeat with the same key returns the first notification's id and queues nothing. */
  idempotencyKey?: string;
  /** Overrides the instance default for a user with no active device. */
  allowUnregisteredTokens?: boolean;
  /** Do not send before this time (epoch ms or Date). Default now. */
  sendAt?: number | Date;
}

export interface FanOutArgs<UserId extends string = string> {
  userIds: UserId[];
  notification: PushMessageContent;
  /** Prefix for per-user idempotency keys (`<key>:<userId>`): a repeated fan-out queues nothing twice. */
  idempotencyKey?: string;
  sendAt?: number | Date;
}

export interface FanOutResult {
  batchId: string;
  total: number;
  /** Users for whom a notification was stored (including earlier duplicates by idempotency key). */
  queued: number;
  /** Users paused or without an active device. */
  skipped: number;
  /** Per user id (input order): the notification id, or null when skipped. */
  ids: (string | null)[];
}

export interface UserStatus {
  hasToken: boolean;
  paused: boolean;
  activeDevices: number;
  devices: Device[];
}

/**
 * A Pushgate instance: one store, one Expo transport and (unless `runEngine: false`) the engine.
 * `UserId` narrows the user id type, like the Convex component's type parameter.
 */
export class Pushgate<UserId extends string = string> {
  readonly config: ResolvedConfig;
  readonly logger: Logger;
  readonly store: Store;
  readonly engine: Engine | null;
  private closed = false;

  private constructor(store: Store, config: ResolvedConfig, logger: Logger) {
    this.config = config;
    this.logger = logger;
    this.store = store;
    if (config.runEngine) {
      const transport = new ExpoClient({ ...config.expo, logger });
      const owner = `${hostname()}:${process.pid}:${newId('eng').slice(4, 14)}`;
      this.engine = new Engine({ store, transport, config, logger, owner });
    } else {
      this.engine = null;
    }
  }

  /** Opens the store (applying migrations unless `migrate: false`) and starts the engine. */
  static async open<UserId extends string = string>(options: PushgateOptions = {}): Promise<Pushgate<UserId>> {
    const config = resolveConfig(options);
    const logger = options.logger ?? createLogger(config.logLevel);
    const store = options.store ?? (await openStore(config.databaseUrl));
    if (config.migrate) await store.migrate();
    const pushgate = new Pushgate<UserId>(store, config, logger);
    pushgate.engine?.start();
    return pushgate;
  }

  // ---- tokens --------------------------------------------------------------------------------

  /** Records a device token for a user (a token seen under another user moves; re-recording reactivates). */
  async recordToken(args: RecordTokenArgs<UserId>): Promise<Device> {
    const [device] = await this.recordTokens([args]);
    return device!;
  }

  /** Bulk variant of recordToken, one transaction. */
  async recordTokens(items: RecordTokenArgs<UserId>[]): Promise<Device[]> {
    this.assertOpen();
    const inputs = items.map((item, index) => {
      checkUserId(item.userId);
      const parsed = pushTokenSchema.safeParse(item.pushToken);
      if (!parsed.success) {
        throw new InvalidArgumentError(`invalid push token at index ${index}: must look like ExponentPushToken[...]`, {
          index,
        });
      }
      return { userId: item.userId, token: item.pushToken, platform: item.platform, language: item.language };
    });
    return this.store.recordTokens(inputs, Date.now());
  }

  /** Removes a device token; returns the removed device or null when unknown. */
  async removeToken(args: { pushToken: string }): Promise<Device | null> {
    this.assertOpen();
    return this.store.removeToken(args.pushToken);
  }

  /** Pauses sending to a user; sends are dropped (return null) and queued messages are canceled. */
  async pausePushNotifications(args: { userId: UserId }): Promise<{ canceled: number }> {
    this.assertOpen();
    checkUserId(args.userId);
    return this.store.setPaused(args.userId, true, Date.now());
  }

  async resumePushNotifications(args: { userId: UserId }): Promise<void> {
    this.assertOpen();
    checkUserId(args.userId);
    await this.store.setPaused(args.userId, false, Date.now());
  }

  async getStatusForUser(args: { userId: UserId }): Promise<UserStatus> {
    this.assertOpen();
    const [recipient, devices] = await Promise.all([this.store.getRecipient(args.userId), this.store.getDevicesForUser(args.userId)]);
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
    const [id] = await this.sendPushNotificationBatch([args]);
    return id ?? null;
  }

  /** Queues many notifications in one transaction; ids in input order (null when dropped). */
  async sendPushNotificationBatch(items: SendArgs<UserId>[]): Promise<(string | null)[]> {
    this.assertOpen();
    const now = Date.now();
    const news: NewNotification[] = items.map((item) => {
      checkUserId(item.userId);
      return {
        id: newId(ID_PREFIX.notification, now),
        userId: item.userId,
        content: validateContent(item.notification),
        idempotencyKey: item.idempotencyKey ?? null,
        sendAt: toEpoch(item.sendAt) ?? now,
      };
    });
    const outcomes = await this.enqueueChunked(news, now);
    return outcomes.map((outcome, index) => {
      if (outcome.kind === 'queued' || outcome.kind === 'duplicate') return outcome.id;
      if (outcome.kind === 'no_devices') {
        const allow = items[index]!.allowUnregisteredTokens ?? this.config.allowUnregisteredTokens;
        if (!allow) throw new UnregisteredUserError(items[index]!.userId);
      }
      return null;
    });
  }

  /**
   * Sends one notification to many users (a fan-out), recorded as a batch whose progress can be
   * read with getBatch. Users paused or without devices are skipped, never an error.
   */
  async sendToUsers(args: FanOutArgs<UserId>): Promise<FanOutResult> {
    this.assertOpen();
    const content = validateContent(args.notification);
    args.userIds.forEach(checkUserId);
    const now = Date.now();
    const batchId = newId(ID_PREFIX.batch, now);
    const sendAt = toEpoch(args.sendAt) ?? now;
    const chunks = Math.ceil(args.userIds.length / ENQUEUE_CHUNK);
    let queued = 0;
    const idsByChunk = await mapInParallel(chunks, FANOUT_PARALLELISM, async (index) => {
      const chunk = args.userIds.slice(index * ENQUEUE_CHUNK, (index + 1) * ENQUEUE_CHUNK).map((userId) => ({
        id: newId(ID_PREFIX.notification, now),
        userId,
        content,
        batchId,
        sendAt,
        idempotencyKey: args.idempotencyKey ? `${args.idempotencyKey}:${userId}` : null,
      }));
      // Only the ids are kept: a million outcome objects would cost tens of MB until the end.
      return (await this.store.enqueueNotifications(chunk, now)).map((outcome) => {
        if (outcome.kind !== 'queued' && outcome.kind !== 'duplicate') return null;
        queued++;
        return outcome.id;
      });
    });
    const ids = idsByChunk.flat();
    const batch: BatchRecord = { id: batchId, total: args.userIds.length, queued, skipped: ids.length - queued, createdAt: now };
    await this.store.createBatch(batch);
    this.engine?.wake();
    return { batchId, total: batch.total, queued, skipped: batch.skipped, ids };
  }

  private async enqueueChunked(news: NewNotification[], now: number): Promise<EnqueueOutcome[]> {
    const outcomes: EnqueueOutcome[] = [];
    for (let start = 0; start < news.length; start += ENQUEUE_CHUNK) {
      outcomes.push(...(await this.store.enqueueNotifications(news.slice(start, start + ENQUEUE_CHUNK), now)));
    }
    this.engine?.wake();
    return outcomes;
  }

  // ---- queries -------------------------------------------------------------------------------

  /** A notification with its per-device deliveries (ticket ids, error codes, attempts, times). */
  async getNotification(args: { id: string }): Promise<NotificationWithDeliveries | null> {
    this.assertOpen();
    return this.store.getNotification(args.id);
  }

  /** A user's notifications, newest first; pass `nextCursor` back to get the next page. */
  async getNotificationsForUser(args: {
    userId: UserId;
    limit?: number;
    cursor?: string | null;
  }): Promise<{ notifications: NotificationRecord[]; nextCursor: string | null }> {
    this.assertOpen();
    const limit = Math.min(Math.max(args.limit ?? 50, 1), 1000);
    const { items, nextCursor } = await this.store.listNotifications({ userId: args.userId }, { limit, cursor: args.cursor ?? null });
    return { notifications: items, nextCursor };
  }

  /** Page/limit listing with a total, for the REST contract. */
  async listNotifications(filter: NotificationFilter, page: OffsetPage) {
    this.assertOpen();
    return this.store.listNotificationsPage(filter, page);
  }

  /** Deletes all of a user's notifications (and cancels what was still queued with them). */
  async deleteNotificationsForUser(args: { userId: UserId }): Promise<{ deleted: number }> {
    this.assertOpen();
    return { deleted: await this.store.deleteNotificationsForUser(args.userId) };
  }

  /** Deletes one notification; false when unknown. */
  async deleteNotification(args: { id: string }): Promise<boolean> {
    this.assertOpen();
    return this.store.deleteNotification(args.id);
  }

  /** Records that the app reported the notification opened. */
  async markOpened(args: { id: string; openedAt?: number | Date }): Promise<NotificationRecord | null> {
    this.assertOpen();
    const now = Date.now();
    return this.store.markOpened(args.id, toEpoch(args.openedAt) ?? now, now);
  }

  /** A fan-out's record and how many of its notifications are in each status. */
  async getBatch(args: { id: string }) {
    this.assertOpen();
    const batch = await this.store.getBatch(args.id);
    if (!batch) return null;
    return { ...batch, statuses: await this.store.countBatchStatuses(args.id) };
  }

  /**
   * Resolves once the notification has left queued/sending/retrying (Expo accepted or refused
   * it), or after `timeoutMs`; returns the notification as it then is.
   */
  async waitForOutcome(args: { id: string; timeoutMs: number }): Promise<NotificationWithDeliveries | null> {
    this.assertOpen();
    return waitForSettled(this.store, this.engine, args.id, args.timeoutMs);
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

function checkUserId(userId: unknown): void {
  if (typeof userId !== 'string' || userId.length === 0 || userId.length > 255) {
    throw new InvalidArgumentError('userId must be a non-empty string of at most 255 characters');
  }
}

function toEpoch(value: number | Date | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = value instanceof Date ? value.getTime() : value;
  if (!Number.isFinite(ms)) throw new InvalidArgumentError('invalid time');
  return ms;
}
