/** SQL both stores share (src/store/sql.ts), generated from the domain's rules. */
import { describe, expect, it } from 'vitest';
import {
  bulkColumns,
  derivedStatusSql,
  distinctContents,
  dueNow,
  filterConditions,
  receiptColumns,
  sqlList,
  ticketColumns,
  whereSql,
} from '../src/store/sql.js';

const T = 1_700_000_000_000;

describe('state lists and the derived status', () => {
  it('quotes constant lists and follows the precedence', () => {
    expect(sqlList(['queued', "o'k"])).toBe("'queued', 'o''k'");
    const sql = derivedStatusSql((c) => `max(${c})`);
    expect(sql.indexOf("'sending'")).toBeLessThan(sql.indexOf("'delivered'"));
    expect(sql).toMatch(/ELSE 'canceled' END$/);
  });
});

describe('filterConditions', () => {
  it('binds each filter through the dialect placeholder', () => {
    const values: unknown[] = [];
    const conditions = filterConditions({ userId: 'u', status: 'failed', batchId: 'b', from: 1, to: 2 }, (v) => `$${values.push(v)}`);
    expect(conditions).toEqual(['user_id = $1', 'status = $2', 'batch_id = $3', 'created_at >= $4', 'created_at < $5']);
    expect(values).toEqual(['u', 'failed', 'b', 1, 2]);
    expect(whereSql([])).toBe('');
    expect(whereSql(conditions.slice(0, 2))).toBe('WHERE user_id = $1 AND status = $2');
  });
});

describe('update columns', () => {
  it('sets sentAt for sent, completedAt for final states, and the retry time only when waiting', () => {
    expect(ticketColumns({ deliveryId: 'd', state: 'sent', ticketId: 't', receiptDueAt: T + 5 }, T)).toMatchObject({
      sentAt: T,
      completedAt: null,
      receiptDueAt: T + 5,
      nextAttemptAt: null,
    });
    expect(ticketColumns({ deliveryId: 'd', state: 'failed', errorCode: 'X', deactivateDevice: true }, T)).toMatchObject({
      completedAt: T,
      deactivate: true,
      sentAt: null,
    });
    expect(ticketColumns({ deliveryId: 'd', state: 'retrying', nextAttemptAt: T + 9 }, T)).toMatchObject({ nextAttemptAt: T + 9, completedAt: null });
    expect(receiptColumns({ deliveryId: 'd', state: 'sent', recheckAt: T + 7 }, T)).toMatchObject({ receiptDueAt: T + 7, completedAt: null });
    expect(receiptColumns({ deliveryId: 'd', state: 'delivered' }, T)).toMatchObject({ completedAt: T, receiptDueAt: null });
    expect(bulkColumns({ state: 'maybe_delivered', errorCode: 'Timeout' }, T)).toEqual({
      state: 'maybe_delivered',
      nextAttemptAt: null,
      errorCode: 'Timeout',
      errorMessage: null,
      completedAt: T,
    });
  });

  it('knows when an update makes work due at once', () => {
    expect(dueNow({ state: 'retrying', nextAttemptAt: T }, T)).toBe(true);
    expect(dueNow({ state: 'retrying', nextAttemptAt: T + 1 }, T)).toBe(false);
    expect(dueNow({ state: 'queued' }, T)).toBe(true);
    expect(dueNow({ state: 'failed' }, T)).toBe(false);
  });
});

describe('distinctContents', () => {
  it('serialises each distinct content once, by object and by value', () => {
    const shared = { title: 'a' };
    const { contents, indexes } = distinctContents([{ content: shared }, { content: { title: 'b' } }, { content: shared }, { content: { title: 'a' } }]);
    expect(contents).toEqual(['{"title":"a"}', '{"title":"b"}']);
    expect(indexes).toEqual([0, 1, 0, 0]);
  });
});
