/**
 * SQL both dialects share, generated from the domain's rules so no state list or precedence is
 * spelled out twice: the lists of states, a notification's derived status, the listing filters,
 * and the columns an update writes. Only placeholders and aggregates differ per dialect.
 */
import type { DeliveryState } from '../domain/states.js';
import { FINAL_DELIVERY_STATES, STATUS_PRECEDENCE, WAITING_DELIVERY_STATES } from '../domain/states.js';
import type { BulkUpdate, NotificationFilter, ReceiptUpdate, TicketUpdate } from './port.js';

/** `'a', 'b'`: a constant list of states for `IN (...)`. */
export function sqlList(values: readonly string[]): string {
  return values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');
}

/** `state IN ('queued', 'retrying')`: deliveries waiting for the dispatcher. */
export const WAITING_SQL = sqlList(WAITING_DELIVERY_STATES);
/** Deliveries that will not change again. */
export const FINAL_SQL = sqlList(FINAL_DELIVERY_STATES);
/** Notification statuses of a notification that will not change again (`opened` included). */
export const FINISHED_STATUSES_SQL = sqlList([...FINAL_DELIVERY_STATES, 'opened']);

/**
 * A notification's status derived from its deliveries, with the precedence of domain/states.ts:
 * `any` is the dialect's "some delivery of the group matches" aggregate (SQLite `max(...)`,
 * PostgreSQL `bool_or(...)`).
 */
export function derivedStatusSql(any: (condition: string) => string): string {
  const cases = STATUS_PRECEDENCE.map((state) => `WHEN ${any(`state = '${state}'`)} THEN '${state}'`);
  return `CASE ${cases.join(' ')} ELSE 'canceled' END`;
}

/** The conditions of a listing filter; `param` binds a value and returns its placeholder. */
export function filterConditions(filter: NotificationFilter, param: (value: unknown) => string): string[] {
  const conditions: string[] = [];
  if (filter.userId !== undefined) conditions.push(`user_id = ${param(filter.userId)}`);
  if (filter.status !== undefined) conditions.push(`status = ${param(filter.status)}`);
  if (filter.batchId !== undefined) conditions.push(`batch_id = ${param(filter.batchId)}`);
  if (filter.from !== undefined) conditions.push(`created_at >= ${param(filter.from)}`);
  if (filter.to !== undefined) conditions.push(`created_at < ${param(filter.to)}`);
  return conditions;
}

/** `WHERE a AND b`, or nothing. */
export function whereSql(conditions: readonly string[]): string {
  return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
}

/** The columns one delivery update writes (besides its state), as both stores store them. */
export interface DeliveryColumns {
  state: DeliveryState;
  ticketId: string | null;
  receiptDueAt: number | null;
  nextAttemptAt: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** Set when the delivery becomes `sent`. */
  sentAt: number | null;
  /** Set when the state is final. */
  completedAt: number | null;
  deactivate: boolean;
}

const isFinal = (state: DeliveryState) => FINAL_DELIVERY_STATES.includes(state);

/** What a ticket update writes. */
export function ticketColumns(update: TicketUpdate, now: number): DeliveryColumns {
  return {
    state: update.state,
    ticketId: update.ticketId ?? null,
    receiptDueAt: update.state === 'sent' ? (update.receiptDueAt ?? now) : null,
    nextAttemptAt: update.state === 'retrying' ? (update.nextAttemptAt ?? now) : null,
    errorCode: update.errorCode ?? null,
    errorMessage: update.errorMessage ?? null,
    sentAt: update.state === 'sent' ? now : null,
    completedAt: isFinal(update.state) ? now : null,
    deactivate: update.deactivateDevice === true,
  };
}

/** What a receipt update writes (`sent` keeps waiting, until `recheckAt`). */
export function receiptColumns(update: ReceiptUpdate, now: number): DeliveryColumns {
  return {
    state: update.state,
    ticketId: null,
    receiptDueAt: update.state === 'sent' ? (update.recheckAt ?? now) : null,
    nextAttemptAt: null,
    errorCode: update.errorCode ?? null,
    errorMessage: update.errorMessage ?? null,
    sentAt: null,
    completedAt: isFinal(update.state) ? now : null,
    deactivate: update.deactivateDevice === true,
  };
}

/** What a bulk update writes. */
export function bulkColumns(update: BulkUpdate, now: number): Omit<DeliveryColumns, 'ticketId' | 'receiptDueAt' | 'sentAt' | 'deactivate'> {
  const waits = update.state === 'queued' || update.state === 'retrying';
  return {
    state: update.state,
    nextAttemptAt: waits ? (update.nextAttemptAt ?? now) : null,
    errorCode: update.errorCode ?? null,
    errorMessage: update.errorMessage ?? null,
    completedAt: isFinal(update.state) ? now : null,
  };
}

/** True when deliveries moved to this update are due at once (the dispatcher should wake). */
export function dueNow(update: BulkUpdate, now: number): boolean {
  return (update.state === 'queued' || update.state === 'retrying') && (update.nextAttemptAt ?? now) <= now;
}

/** Each distinct content's JSON once (a fan-out shares one object), with every item's 0-based index into them. */
export function distinctContents(items: readonly { content: object }[]): { contents: string[]; indexes: number[] } {
  const contents: string[] = [];
  const byObject = new Map<object, number>();
  const byJson = new Map<string, number>();
  const indexes = items.map((item) => {
    let index = byObject.get(item.content);
    if (index === undefined) {
      const json = JSON.stringify(item.content);
      index = byJson.get(json);
      if (index === undefined) {
        index = contents.push(json) - 1;
        byJson.set(json, index);
      }
      byObject.set(item.content, index);
    }
    return index;
  });
  return { contents, indexes };
}
