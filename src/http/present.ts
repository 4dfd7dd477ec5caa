/**
 * Domain records in the REST contract's shape (snake_case, ISO-8601 UTC times), each with the zod
 * schema of what it returns: the schemas document the responses in /openapi.json, and the tests
 * check real responses against them.
 */
import { z } from 'zod';
import type { BatchRecord, Device, NotificationRecord, NotificationWithDeliveries } from '../domain/records.js';
import type { NotificationStatus } from '../domain/states.js';
import { DELIVERY_STATES, NOTIFICATION_STATUSES } from '../domain/states.js';

export const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

const time = z.string().describe('ISO-8601 UTC');
const nullableTime = time.nullable();
export const platformSchema = z.enum(['ios', 'android', 'web', 'unknown']);
const statusSchema = z.enum(NOTIFICATION_STATUSES).describe('See "Status values" in docs/rest-api.md');

export const notificationSummarySchema = z
  .object({
    id: z.string(),
    user_id: z.string(),
    title: z.string().nullable(),
    body: z.string().nullable(),
    data: z.record(z.string(), z.unknown()).nullable(),
    status: statusSchema,
    batch_id: z.string().nullable(),
    created_at: time,
    send_at: time.describe('Not sent before this time'),
    sent_at: nullableTime.describe('When Expo first accepted it; null until then'),
    opened_at: nullableTime,
    updated_at: time,
  })
  .describe('Notification');

export const deliverySchema = z
  .object({
    id: z.string(),
    device_id: z.string(),
    device_token: z.string(),
    platform: platformSchema.nullable().describe('null when the device has since been removed'),
    state: z.enum(DELIVERY_STATES),
    attempts: z.number().int().describe('Expo requests that carried it'),
    ticket_id: z.string().nullable(),
    error_code: z.string().nullable().describe("Expo's code (DeviceNotRegistered, MessageTooBig, ...) or Pushgate's"),
    error_message: z.string().nullable(),
    next_attempt_at: nullableTime,
    sent_at: nullableTime,
    completed_at: nullableTime,
  })
  .describe('Delivery (one notification to one device)');

export const notificationDetailSchema = notificationSummarySchema
  .extend({
    platform: platformSchema.nullable().describe("The first device's platform (the contract's field)"),
    device_token: z.string().nullable().describe("The first device's token (the contract's field)"),
    content: z.record(z.string(), z.unknown()).describe('The whole Expo message as stored (without `to`)'),
    deliveries: z.array(deliverySchema),
  })
  .describe('NotificationDetail');

export const deviceSchema = z
  .object({
    id: z.string(),
    user_id: z.string(),
    token: z.string(),
    platform: platformSchema,
    language: z.string().nullable(),
    active: z.boolean().describe('false once Expo reported DeviceNotRegistered'),
    deactivation_reason: z.string().nullable(),
    registered_at: time,
    last_seen_at: time,
  })
  .describe('Device');

export const batchProgressSchema = z
  .object({
    batch_id: z.string(),
    total: z.number().int().describe('Distinct user ids in the request'),
    queued: z.number().int().describe('Users a notification was stored for'),
    skipped: z.number().int().describe('Users paused or without an active device (nothing stored)'),
    delivered: z.number().int().describe('Notifications whose receipt confirmed delivery (or that were opened)'),
    sent: z.number().int().describe('Notifications Expo accepted, receipt not yet checked'),
    failed: z.number().int().describe('Notifications Expo refused (ticket or receipt error) or that ran out of retries'),
    in_progress: z.number().int().describe('Notifications still queued, sending or retrying'),
    statuses: z.record(z.string(), z.number().int()).describe('Notifications of the batch by status'),
    sent_at: time.describe('When the batch was accepted'),
  })
  .describe('BatchProgress');

type Content = { title?: unknown; body?: unknown; data?: unknown };
const str = (v: unknown) => (typeof v === 'string' ? v : null);
const obj = (v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

export function presentNotification(n: NotificationRecord): z.infer<typeof notificationSummarySchema> {
  const content = n.content as Content;
  return {
    id: n.id,
    user_id: n.userId,
    title: str(content.title),
    body: str(content.body),
    data: obj(content.data),
    status: n.status,
    batch_id: n.batchId,
    created_at: iso(n.createdAt)!,
    send_at: iso(n.sendAt)!,
    sent_at: iso(n.sentAt),
    opened_at: iso(n.openedAt),
    updated_at: iso(n.updatedAt)!,
  };
}

export function presentNotificationDetail(n: NotificationWithDeliveries, devices: ReadonlyMap<string, Device>): z.infer<typeof notificationDetailSchema> {
  const first = n.deliveries[0];
  return {
    ...presentNotification(n),
    platform: first ? (devices.get(first.deviceId)?.platform ?? null) : null,
    device_token: first?.token ?? null,
    content: n.content as Record<string, unknown>,
    deliveries: n.deliveries.map((d) => ({
      id: d.id,
      device_id: d.deviceId,
      device_token: d.token,
      platform: devices.get(d.deviceId)?.platform ?? null,
      state: d.state,
      attempts: d.attempts,
      ticket_id: d.ticketId,
      error_code: d.errorCode,
      error_message: d.errorMessage,
      next_attempt_at: iso(d.nextAttemptAt),
      sent_at: iso(d.sentAt),
      completed_at: iso(d.completedAt),
    })),
  };
}

export function presentDevice(d: Device): z.infer<typeof deviceSchema> {
  return {
    id: d.id,
    user_id: d.userId,
    token: d.token,
    platform: d.platform,
    language: d.language,
    active: d.active,
    deactivation_reason: d.deactivationReason,
    registered_at: iso(d.createdAt)!,
    last_seen_at: iso(d.lastSeenAt)!,
  };
}

const IN_PROGRESS: NotificationStatus[] = ['queued', 'sending', 'retrying'];

export function presentBatch(batch: BatchRecord, statuses: Partial<Record<NotificationStatus, number>>): z.infer<typeof batchProgressSchema> {
  const count = (...names: NotificationStatus[]) => names.reduce((sum, name) => sum + (statuses[name] ?? 0), 0);
  return {
    batch_id: batch.id,
    total: batch.total,
    queued: batch.queued,
    skipped: batch.skipped,
    delivered: count('delivered', 'opened'),
    sent: count('sent'),
    failed: count('failed'),
    in_progress: count(...IN_PROGRESS),
    statuses: Object.fromEntries(Object.entries(statuses).filter(([, v]) => (v ?? 0) > 0)) as Record<string, number>,
    sent_at: iso(batch.createdAt)!,
  };
}

/** True while some notification of the batch is still queued, sending or retrying. */
export function batchInProgress(statuses: Partial<Record<NotificationStatus, number>>): boolean {
  return IN_PROGRESS.some((s) => (statuses[s] ?? 0) > 0);
}
