/**
 * Domain types shared by every layer. The store, the engine and the HTTP layer all speak
 * this one vocabulary (see the state table in the README).
 */
import type { PushMessageContent } from '../expo/message.js';

/** The state of one delivery (one notification to one device). */
export const DELIVERY_STATES = ['queued', 'sending', 'retrying', 'sent', 'delivered', 'failed', 'maybe_delivered', 'canceled'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** States a delivery never leaves (receipts move `sent` on; these do not move). */
export const FINAL_DELIVERY_STATES: readonly DeliveryState[] = ['delivered', 'failed', 'maybe_delivered', 'canceled'];

/**
 * A notification's status: derived from its deliveries, plus `opened` once the app reports it.
 * Precedence when deliveries disagree: any `sending` > `retrying` > `queued` (still in progress),
 * then `delivered` > `sent` > `maybe_delivered` > `failed`, and `canceled` only if all are canceled.
 */
export const NOTIFICATION_STATUSES = [...DELIVERY_STATES, 'opened'] as const;
/** The precedence above, highest first; a notification none of these applies to is `canceled`. */
export const STATUS_PRECEDENCE: readonly DeliveryState[] = ['sending', 'retrying', 'queued', 'delivered', 'sent', 'maybe_delivered', 'failed'];
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** Device platform as the app reports it. */
export type Platform = 'ios' | 'android' | 'web' | 'unknown';

/** Times are epoch milliseconds inside the library; the HTTP layer renders ISO-8601 UTC. */
export type EpochMs = number;

export interface Device {
  id: string;
  token: string;
  userId: string;
  platform: Platform;
  language: string | null;
  /** Expo project (experience id) learned from PUSH_TOO_MANY_EXPERIENCE_IDS; null until known. */
  project: string | null;
  active: boolean;
  deactivationReason: string | null;
  lastSeenAt: EpochMs;
  createdAt: EpochMs;
  updatedAt: EpochMs;
}

export interface Recipient {
  userId: string;
  paused: boolean;
  badgeCount: number;
  createdAt: EpochMs;
  updatedAt: EpochMs;
}

export interface Delivery {
  id: string;
  notificationId: string;
  deviceId: string;
  token: string;
  project: string | null;
  state: DeliveryState;
  /** Number of Expo requests that carried this delivery. */
  attempts: number;
  nextAttemptAt: EpochMs | null;
  ticketId: string | null;
  receiptDueAt: EpochMs | null;
  errorCode: string | null;
  errorMessage: string | null;
  createdAt: EpochMs;
  updatedAt: EpochMs;
  sentAt: EpochMs | null;
  completedAt: EpochMs | null;
}

export interface NotificationRecord {
  id: string;
  userId: string;
  batchId: string | null;
  content: PushMessageContent;
  status: NotificationStatus;
  idempotencyKey: string | null;
  sendAt: EpochMs;
  createdAt: EpochMs;
  updatedAt: EpochMs;
  /** When Expo first accepted a delivery of this notification. */
  sentAt: EpochMs | null;
  openedAt: EpochMs | null;
}

export interface NotificationWithDeliveries extends NotificationRecord {
  deliveries: Delivery[];
}

export interface BatchRecord {
  id: string;
  total: number;
  queued: number;
  skipped: number;
  createdAt: EpochMs;
}
