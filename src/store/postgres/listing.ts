/**
 * Listing notifications newest first (created_at DESC, id DESC): keyset pages with the opaque
 * cursor of ../cursor.ts, or page/limit with a total. The user and batch filters have an index
 * ending in (created_at, id), scanned backward, so a page costs its own size. Status has no
 * index (its updates stay heap-only, migration 3): a status filter walks
 * notifications_created_idx newest first until the page is full, so a rare status costs as many
 * rows as lie between its matches.
 */
import type { NotificationRecord } from '../../domain/records.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import type { CursorPage, NotificationFilter, OffsetPage } from '../port.js';
import { NOTIFICATION_COLUMNS, type NotificationRow, toNotification } from '../rows.js';
import { filterConditions, whereSql } from '../sql.js';
import { type Db, query, transaction } from './connection.js';

function whereClause(filter: NotificationFilter, values: unknown[]): string[] {
  return filterConditions(filter, (value) => `$${values.push(value)}`);
}

export async function listNotifications(
  db: Db,
  filter: NotificationFilter,
  page: CursorPage,
): Promise<{ items: NotificationRecord[]; nextCursor: string | null }> {
  const values: unknown[] = [];
  const conditions = whereClause(filter, values);
  if (page.cursor) {
    const { createdAt, id } = decodeCursor(page.cursor);
    values.push(createdAt, id);
    conditions.push(`(created_at, id) < ($${values.length - 1}, $${values.length})`);
  }
  values.push(page.limit + 1);
  const { rows } = await query<NotificationRow>(
    db,
    `SELECT ${NOTIFICATION_COLUMNS} FROM notifications
     ${whereSql(conditions)}
     ORDER BY created_at DESC, id DESC LIMIT $${values.length}`,
    values,
  );
  const items = rows.slice(0, page.limit).map(toNotification);
  const last = items[items.length - 1];
  const nextCursor = rows.length > page.limit && last ? encodeCursor(last.createdAt, last.id) : null;
  return { items, nextCursor };
}

/** The page and the total from one snapshot, so they always agree. */
export async function listNotificationsPage(db: Db, filter: NotificationFilter, page: OffsetPage): Promise<{ items: NotificationRecord[]; total: number }> {
  const values: unknown[] = [];
  const where = whereSql(whereClause(filter, values));
  const countValues = [...values];
  values.push(page.limit, Math.max(0, (page.page - 1) * page.limit));
  return transaction(
    db,
    async (client) => {
      const list = await client.query<NotificationRow>(
        `SELECT ${NOTIFICATION_COLUMNS} FROM notifications ${where}
         ORDER BY created_at DESC, id DESC LIMIT $${values.length - 1} OFFSET $${values.length}`,
        values,
      );
      const count = await client.query<{ n: number }>(`SELECT count(*) AS n FROM notifications ${where}`, countValues);
      return { items: list.rows.map(toNotification), total: count.rows[0]!.n };
    },
    'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
  );
}
