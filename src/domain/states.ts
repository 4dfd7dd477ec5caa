/**
 * The one vocabulary of states (README "Delivery states"): what a delivery can be, which states
 * are final, and how a notification's status follows from its deliveries. Stores turn these
 * constants into SQL; nothing else spells them out again.
 */

/** The state of one delivery (one notification to one device). */
export const DELIVERY_STATES = ['queued', 'sending', 'retrying', 'sent', 'delivered', 'failed', 'maybe_delivered', 'canceled'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** States a delivery never leaves. */
export const FINAL_DELIVERY_STATES: readonly DeliveryState[] = ['delivered', 'failed', 'maybe_delivered', 'canceled'];

/** States of a delivery waiting for its turn (or its retry time): what the dispatcher claims. */
export const WAITING_DELIVERY_STATES: readonly DeliveryState[] = ['queued', 'retrying'];

/** States in which a delivery is still on its way to Expo (not yet accepted or refused). */
export const IN_PROGRESS_DELIVERY_STATES: readonly DeliveryState[] = ['queued', 'sending', 'retrying'];

/**
 * A notification's status: derived from its deliveries, plus `opened` once the app reports it.
 * Precedence when deliveries disagree: any `sending` > `retrying` > `queued` (still in progress),
 * then `delivered` > `sent` > `maybe_delivered` > `failed`, and `canceled` only if all are canceled.
 */
export const NOTIFICATION_STATUSES = [...DELIVERY_STATES, 'opened'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** The precedence above, highest first; a notification none of these applies to is `canceled`. */
export const STATUS_PRECEDENCE: readonly DeliveryState[] = ['sending', 'retrying', 'queued', 'delivered', 'sent', 'maybe_delivered', 'failed'];

/** A notification's status from its deliveries' states (the rule the stores' SQL also follows). */
export function deriveStatus(states: readonly DeliveryState[]): DeliveryState {
  for (const state of STATUS_PRECEDENCE) if (states.includes(state)) return state;
  return 'canceled';
}

/** True once Expo accepted or refused every delivery (none queued, sending or retrying). */
export function isSettled(deliveries: readonly { state: DeliveryState }[]): boolean {
  return deliveries.every((d) => !IN_PROGRESS_DELIVERY_STATES.includes(d.state));
}

/** True once every delivery is final (`sent` still waits for its receipt). */
export function isFinal(deliveries: readonly { state: DeliveryState }[]): boolean {
  return deliveries.every((d) => FINAL_DELIVERY_STATES.includes(d.state));
}
