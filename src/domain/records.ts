/**
 * The records every layer speaks of: devices, recipients, notifications and their deliveries,
 * batches. Times are epoch milliseconds inside the library; the HTTP layer renders ISO-8601 UTC.
 */
import type { MessageContent } from './message.js';
import type { DeliveryState, NotificationStatus } from './states.js';

/** Device platforms as the app reports them. */
export const PLATFORMS = ['ios', 'android', 'web', 'unknown'] as const;
export type Platform = (typeof PLATFORMS)[number];

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
  content: MessageContent;
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
