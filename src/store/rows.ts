/**
 * Row shapes as both stores return them (snake_case) and their mapping to domain records. The
 * two drivers differ only in booleans (PostgreSQL true/false, SQLite 1/0) and JSON (PostgreSQL
 * JSONB arrives parsed, SQLite TEXT does not); the mappers accept either.
 */

import type { MessageContent } from '../domain/message.js';
import type { BatchRecord, Delivery, Device, NotificationRecord, Platform, Recipient } from '../domain/records.js';
import type { DeliveryState, NotificationStatus } from '../domain/states.js';

export interface DeviceRow {
  id: string;
  token: string;
  user_id: string;
  platform: string;
  language: string | null;
  project: string | null;
  active: boolean | number;
  deactivation_reason: string | null;
  last_seen_at: number;
  created_at: number;
  updated_at: number;
}

export function toDevice(row: DeviceRow): Device {
  return {
    id: row.id,
    token: row.token,
    userId: row.user_id,
    platform: row.platform as Platform,
    language: row.language,
    project: row.project,
    active: row.active === true || row.active === 1,
    deactivationReason: row.deactivation_reason,
    lastSeenAt: row.last_seen_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface RecipientRow {
  user_id: string;
  paused: boolean | number;
  badge_count: number;
  created_at: number;
  updated_at: number;
}

export function toRecipient(row: RecipientRow): Recipient {
  return {
    userId: row.user_id,
    paused: row.paused === true || row.paused === 1,
    badgeCount: row.badge_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export const NOTIFICATION_COLUMNS = 'id, user_id, batch_id, content, status, idempotency_key, send_at, created_at, updated_at, sent_at, opened_at';

export interface NotificationRow {
  id: string;
  user_id: string;
  batch_id: string | null;
  content: MessageContent | string;
  status: string;
  idempotency_key: string | null;
  send_at: number;
  created_at: number;
  updated_at: number;
  sent_at: number | null;
  opened_at: number | null;
}

export function toNotification(row: NotificationRow): NotificationRecord {
  return {
    id: row.id,
    userId: row.user_id,
    batchId: row.batch_id,
    content: typeof row.content === 'string' ? (JSON.parse(row.content) as MessageContent) : row.content,
    status: row.status as NotificationStatus,
    idempotencyKey: row.idempotency_key,
    sendAt: row.send_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sentAt: row.sent_at,
    openedAt: row.opened_at,
  };
}

export interface DeliveryRow {
  id: string;
  notification_id: string;
  device_id: string;
  token: string;
  project: string | null;
  state: string;
  attempts: number;
  next_attempt_at: number | null;
  ticket_id: string | null;
  receipt_due_at: number | null;
  error_code: string | null;
  error_message: string | null;
  created_at: number;
  updated_at: number;
  sent_at: number | null;
  completed_at: number | null;
}

export function toDelivery(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    notificationId: row.notification_id,
    deviceId: row.device_id,
    token: row.token,
    project: row.project,
    state: row.state as DeliveryState,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    ticketId: row.ticket_id,
    receiptDueAt: row.receipt_due_at,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sentAt: row.sent_at,
    completedAt: row.completed_at,
  };
}

export interface BatchRow {
  id: string;
  total: number;
  queued: number;
  skipped: number;
  created_at: number;
}

export function toBatch(row: BatchRow): BatchRecord {
  return { id: row.id, total: row.total, queued: row.queued, skipped: row.skipped, createdAt: row.created_at };
}

export const DELIVERY_COLUMNS =
  'id, notification_id, device_id, token, project, state, attempts, next_attempt_at, ticket_id, receipt_due_at, ' +
  'error_code, error_message, created_at, updated_at, sent_at, completed_at';
