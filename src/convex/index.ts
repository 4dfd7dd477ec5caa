/**
 * A drop-in for users of the Convex component `@convex-dev/expo-push-notifications`: the same
 * class name, method names, argument and return shapes, backed by Pushgate. Switching is a change
 * of import (and of what the constructor gets):
 *
 *   import { PushNotifications } from 'pushgate/convex';
 *   const pushNotifications = new PushNotifications({ databaseUrl: 'file:./data/pushgate.db' });
 *   await pushNotifications.recordToken(ctx, { userId, pushToken });
 *
 * Every method takes the component's first `ctx` argument and ignores it (pass anything, or
 * null). Where Pushgate does more (many devices per user, receipts), the answers keep the
 * component's shapes; the full record is one `pushgate` away.
 */

import type { PushgateOptions } from '../core/config.js';
import { Pushgate } from '../core/pushgate.js';
import type { SendArgs } from '../core/types.js';
import { type ComponentNotification, type ComponentNotificationRecord, type NotificationFields, toComponentNotification } from './notifications.js';

export {
  type ComponentNotification,
  type ComponentNotificationRecord,
  type ComponentState,
  componentState,
  type NotificationFields,
} from './notifications.js';

/** The component's log levels. */
export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface PushNotificationsConfig {
  /** Log level of a Pushgate this class opens itself (and of one it is given). Default ERROR, as the component's. */
  logLevel?: LogLevel;
  /** Expo access token ("enhanced security"), for a Pushgate this class opens itself. Default none. */
  expoAccessToken?: string;
}

/** The component's context argument: accepted for compatibility, never used. */
export type Ctx = unknown;

/** Most notifications getNotificationsForUser returns by default (the component's DEFAULT_LIMIT). */
const DEFAULT_LIMIT = 1000;

/**
 * The Convex component's `PushNotifications` client over Pushgate. `UserType` narrows user ids,
 * like the component's type parameter (`new PushNotifications<Email>(...)`).
 */
export class PushNotifications<UserType extends string = string> {
  private readonly opening: Promise<Pushgate<UserType>>;
  private readonly owned: boolean;

  /**
   * `source` is where the component took `components.pushNotifications`: a Pushgate instance, or
   * the options to open one (opened on first use, closed by `close()`).
   */
  constructor(source: Pushgate<UserType> | PushgateOptions, config: PushNotificationsConfig = {}) {
    const level = config.logLevel ?? 'ERROR';
    if (source instanceof Pushgate) {
      this.owned = false;
      source.logger.level = level.toLowerCase();
      this.opening = Promise.resolve(source);
    } else {
      this.owned = true;
      const expo = config.expoAccessToken === undefined ? source.expo : { ...source.expo, accessToken: config.expoAccessToken };
      this.opening = Pushgate.open<UserType>({ logLevel: level, ...source, ...(expo ? { expo } : {}) });
      // An open that fails is reported by the first call, not as an unhandled rejection.
      this.opening.catch(() => {});
    }
  }

  /** The Pushgate behind this client, for what the component has no method for. */
  get pushgate(): Promise<Pushgate<UserType>> {
    return this.opening;
  }

  /** Records a user's Expo push token (an empty token is skipped, as the component does). Returns null. */
  async recordToken(_ctx: Ctx, args: { userId: UserType; pushToken: string }): Promise<null> {
    if (args?.pushToken === '') return null;
    await (await this.opening).recordToken({ userId: args?.userId, pushToken: args?.pushToken });
    return null;
  }

  /** Records many tokens in one transaction (empty tokens skipped). Returns null. */
  async recordTokenBatch(_ctx: Ctx, tokens: { userId: UserType; pushToken: string }[]): Promise<null> {
    const pushgate = await this.opening;
    // Not an array: the library says so, naming the argument.
    if (!Array.isArray(tokens)) await pushgate.recordTokens(tokens);
    else await pushgate.recordTokens(tokens.filter((t) => t?.pushToken !== '').map((t) => ({ userId: t?.userId, pushToken: t?.pushToken })));
    return null;
  }

  /** Removes the user's tokens (all of them: Pushgate keeps one per device). Returns null. */
  async removeToken(_ctx: Ctx, args: { userId: UserType }): Promise<null> {
    await (await this.opening).removeTokensForUser({ userId: args?.userId });
    return null;
  }

  /** Whether the user has an active token, and whether their notifications are paused. */
  async getStatusForUser(_ctx: Ctx, args: { userId: UserType }): Promise<{ hasToken: boolean; paused: boolean }> {
    const { hasToken, paused } = await (await this.opening).getStatusForUser({ userId: args?.userId });
    return { hasToken, paused };
  }

  /**
   * Queues a notification to every active device of the user: its id, or null when the user is
   * paused (or has no token and `allowUnregisteredTokens` is set; without it, that throws
   * UnregisteredUserError, code NoActiveDevices, where the component throws ConvexError NoPushToken).
   */
  async sendPushNotification(
    _ctx: Ctx,
    args: { userId: UserType; notification: NotificationFields; allowUnregisteredTokens?: boolean },
  ): Promise<string | null> {
    return (await this.opening).sendPushNotification({
      userId: args?.userId,
      notification: args?.notification,
      allowUnregisteredTokens: args?.allowUnregisteredTokens ?? false,
    });
  }

  /** Many of the above in one transaction: ids (or null) in input order. */
  async sendPushNotificationBatch(
    _ctx: Ctx,
    args: { notifications: { userId: UserType; notification: NotificationFields }[]; allowUnregisteredTokens?: boolean },
  ): Promise<(string | null)[]> {
    const allowUnregisteredTokens = args?.allowUnregisteredTokens ?? false;
    const notifications = args?.notifications;
    const items: SendArgs<UserType>[] = Array.isArray(notifications)
      ? notifications.map((n) => ({ userId: n?.userId, notification: n?.notification, allowUnregisteredTokens }))
      : (notifications as unknown as SendArgs<UserType>[]);
    return (await this.opening).sendPushNotificationBatch(items);
  }

  /** The notification's fields with `state` (the component's vocabulary), `numPreviousFailures` and `_creationTime`; null when unknown. */
  async getNotification(_ctx: Ctx, args: { id: string }): Promise<ComponentNotificationRecord | null> {
    const pushgate = await this.opening;
    const found = await pushgate.getNotification({ id: args?.id });
    if (!found) return null;
    const { id: _id, ...rest } = toComponentNotification(found, pushgate.config.maxAttempts);
    return rest;
  }

  /** The user's most recent notifications, newest first, up to `limit` (default 1000), each with its `id`. */
  async getNotificationsForUser(_ctx: Ctx, args: { userId: UserType; limit?: number }): Promise<ComponentNotification[]> {
    const pushgate = await this.opening;
    const { notifications } = await pushgate.getNotificationsForUser({ userId: args?.userId, limit: args?.limit ?? DEFAULT_LIMIT });
    const out: ComponentNotification[] = [];
    // One read each for the deliveries behind `state` and `numPreviousFailures`, a few at a time.
    for (let i = 0; i < notifications.length; i += 16) {
      const details = await Promise.all(notifications.slice(i, i + 16).map((n) => pushgate.getNotification({ id: n.id })));
      for (const detail of details) if (detail) out.push(toComponentNotification(detail, pushgate.config.maxAttempts));
    }
    return out;
  }

  /** Deletes all of the user's notifications (what was still queued is not sent). Returns null. */
  async deleteNotificationsForUser(_ctx: Ctx, args: { userId: UserType }): Promise<null> {
    await (await this.opening).deleteNotificationsForUser({ userId: args?.userId });
    return null;
  }

  /** Pauses the user: sends return null until unpaused. Returns null. */
  async pauseNotificationsForUser(_ctx: Ctx, args: { userId: UserType }): Promise<null> {
    await (await this.opening).pausePushNotifications({ userId: args?.userId });
    return null;
  }

  /** Resumes a paused user. Returns null. */
  async unpauseNotificationsForUser(_ctx: Ctx, args: { userId: UserType }): Promise<null> {
    await (await this.opening).resumePushNotifications({ userId: args?.userId });
    return null;
  }

  /** The component README's name for pauseNotificationsForUser. */
  pausePushNotifications(ctx: Ctx, args: { userId: UserType }): Promise<null> {
    return this.pauseNotificationsForUser(ctx, args);
  }

  /** The component README's name for unpauseNotificationsForUser. */
  resumePushNotifications(ctx: Ctx, args: { userId: UserType }): Promise<null> {
    return this.unpauseNotificationsForUser(ctx, args);
  }

  /**
   * Stops sending: no new Expo request starts, and the ones in flight are drained before this
   * returns (so, unlike the component, nothing is left draining: the message is always "success").
   * Sends still queue; `restart()` sends them.
   */
  async shutdown(_ctx?: Ctx): Promise<{ message: string; data?: unknown }> {
    await (await this.opening).shutdown();
    return { message: 'success' };
  }

  /** Resumes sending after shutdown(). True once restarted (nothing is ever left draining). */
  async restart(_ctx?: Ctx): Promise<boolean> {
    (await this.opening).restart();
    return true;
  }

  /** Closes the Pushgate this class opened itself (one it was given is the caller's to close). */
  async close(): Promise<void> {
    if (this.owned) await (await this.opening).close();
  }
}
