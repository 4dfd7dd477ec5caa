/** The shapes of the library API's arguments and answers (core/pushgate.ts). */
import type { PushMessageContent } from '../domain/message.js';
import type { Device, Platform } from '../domain/records.js';

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
