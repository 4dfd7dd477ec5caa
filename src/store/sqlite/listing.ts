/**
 * Listing notifications newest first (created_at DESC, id DESC): keyset pages with an opaque
 * cursor, or page/limit with a total. Each filter has an index ending in (created_at, id).
 */
import type { NotificationRecord } from '../../domain/records.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import type { CursorPage, NotificationFilter, OffsetPage } from '../port.js';
import { NOTIFICATION_COLUMNS, type NotificationRow, toNotification } from '../rows.js';
import { filterConditions, whereSql } from '../sql.js';
import type { Db } from './connection.js';

/** Statuses left out of notifications_status_idx (see migrations.ts). */
const UNINDEXED_STATUSES = new Set(['queued', 'sending']);

function whereClause(filter: NotificationFilter, values: unknown[]): string[] {
  const conditions = filterConditions(filter, (value) => {
    values.push(value);
    return '?';
  });
  // The partial index's own predicate, so the planner may use it for this status.
  if (filter.status !== undefined && !UNINDEXED_STATUSES.has(filter.status)) conditions.push("status NOT IN ('queued', 'sending')");
  return conditions;
}

const where = whereSql;

export function listNotifications(db: Db, filter: NotificationFilter, page: CursorPage): { items: NotificationRecord[]; nextCursor: string | null } {
  const values: unknown[] = [];
  const conditions = whereClause(filter, values);
  if (page.cursor) {
    const { createdAt, id } = decodeCursor(page.cursor);
    conditions.push('(created_at, id) < (?, ?)');
    values.push(createdAt, id);
  }
  const limit = Math.max(0, Math.floor(page.limit));
  const rows = db
    .prepare(`SELECT ${NOTIFICATION_COLUMNS} FROM notifications ${where(conditions)} ORDER BY created_at DESC, id DESC LIMIT ?`)
    .all(...values, limit + 1) as NotificationRow[];
  const items = rows.slice(0, limit).map(toNotification);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null };
}

export function listNotificationsPage(db: Db, filter: NotificationFilter, page: OffsetPage): { items: NotificationRecord[]; total: number } {
  const values: unknown[] = [];
  const conditions = whereClause(filter, values);
  const limit = Math.max(0, Math.floor(page.limit));
  const offset = Math.max(0, (Math.floor(page.page) - 1) * limit);
  // One read transaction, so the page and the total see the same rows.
  return db.raw.transaction(() => {
    const rows = db
      .prepare(`SELECT ${NOTIFICATION_COLUMNS} FROM notifications ${where(conditions)} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`)
      .all(...values, limit, offset) as NotificationRow[];
    const total = db
      .prepare(`SELECT count(*) FROM notifications ${where(conditions)}`)
      .pluck()
      .get(...values) as number;
    return { items: rows.map(toNotification), total };
  })();
}
