/**
 * A notification's status derived in SQL from its deliveries, with the precedence of
 * core/types.ts, for both stores: `any` is the dialect's "some delivery of the group matches"
 * aggregate (SQLite `max(...)`, PostgreSQL `bool_or(...)`).
 */
import { STATUS_PRECEDENCE } from '../core/types.js';

export function derivedStatusSql(any: (condition: string) => string): string {
  const cases = STATUS_PRECEDENCE.map((state) => `WHEN ${any(`state = '${state}'`)} THEN '${state}'`);
  return `CASE ${cases.join(' ')} ELSE 'canceled' END`;
}
