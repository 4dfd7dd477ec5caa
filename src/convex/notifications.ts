/**
 * Pushgate's notification records in the Convex component's shape: the message fields spread at
 * the top, `state` in the component's vocabulary, `numPreviousFailures` and `_creationTime`.
 *
 * | Pushgate status        | component `state`                                             |
 * |------------------------|---------------------------------------------------------------|
 * | queued                 | awaiting_delivery                                             |
 * | sending                | in_progress                                                   |
 * | retrying               | needs_retry                                                   |
 * | sent, delivered, opened| delivered (the component's "delivered" is Expo's ticket)      |
 * | maybe_delivered        | maybe_delivered                                               |
 * | failed                 | unable_to_deliver when retries ran out, else failed           |
 * | canceled               | unable_to_deliver (withdrawn before sending: user paused)     |
 */
import type { MessageContent, PushMessageContent } from '../domain/message.js';
import type { NotificationWithDeliveries } from '../domain/records.js';
import type { DeliveryState, NotificationStatus } from '../domain/states.js';

/** A notification's fields, as the component's `NotificationFields` (every Expo field Pushgate knows). */
export type NotificationFields = PushMessageContent;

/** The component's notification states. */
export type ComponentState = 'awaiting_delivery' | 'in_progress' | 'delivered' | 'needs_retry' | 'failed' | 'maybe_delivered' | 'unable_to_deliver';

/** What getNotification returns: the notification's fields, its state, its failures so far and when it was created (ms). */
export type ComponentNotificationRecord = MessageContent & {
  state: ComponentState;
  numPreviousFailures: number;
  _creationTime: number;
};

/** What getNotificationsForUser returns per notification: the same, with its `id`. */
export type ComponentNotification = ComponentNotificationRecord & { id: string };

const SIMPLE: Record<Exclude<NotificationStatus, 'failed'>, ComponentState> = {
  queued: 'awaiting_delivery',
  sending: 'in_progress',
  retrying: 'needs_retry',
  sent: 'delivered',
  delivered: 'delivered',
  opened: 'delivered',
  maybe_delivered: 'maybe_delivered',
  canceled: 'unable_to_deliver',
};

/** A notification's state in the component's vocabulary (`maxAttempts`: when a failure means retries ran out). */
export function componentState(notification: NotificationWithDeliveries, maxAttempts: number): ComponentState {
  if (notification.status !== 'failed') return SIMPLE[notification.status];
  const exhausted = notification.deliveries.some((d) => d.state === 'failed' && d.attempts >= maxAttempts);
  return exhausted ? 'unable_to_deliver' : 'failed';
}

/** Requests that carried a delivery and did not end with Expo accepting it (the one in flight not counted). */
function failuresOf(delivery: { state: DeliveryState; attempts: number }): number {
  const lastDidNotFail = delivery.state === 'sending' || delivery.state === 'sent' || delivery.state === 'delivered' || delivery.state === 'maybe_delivered';
  return Math.max(0, delivery.attempts - (lastDidNotFail ? 1 : 0));
}

export function toComponentNotification(n: NotificationWithDeliveries, maxAttempts: number): ComponentNotification {
  return {
    id: n.id,
    ...n.content,
    state: componentState(n, maxAttempts),
    numPreviousFailures: n.deliveries.reduce((most, d) => Math.max(most, failuresOf(d)), 0),
    _creationTime: n.createdAt,
  };
}
