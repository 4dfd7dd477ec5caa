/** Expo's answers parsed defensively (src/expo/responses.ts): nothing throws on a malformed body. */
import { describe, expect, it } from 'vitest';
import { firstRequestError, parseJson, parseProjectSplit, parseReceipts, parseRetryAfter, parseTickets } from '../src/expo/responses.js';

describe('parseTickets', () => {
  it('accepts exactly one ticket per message, and a bare object for a single message', () => {
    expect(
      parseTickets(
        {
          data: [
            { status: 'ok', id: 'x' },
            { status: 'error', message: 'm' },
          ],
        },
        2,
      ),
    ).toHaveLength(2);
    expect(parseTickets({ data: { status: 'ok', id: 'x' } }, 1)).toEqual([{ status: 'ok', id: 'x' }]);
  });

  it('refuses a wrong count, a malformed ticket or a body that is not one', () => {
    expect(parseTickets({ data: [{ status: 'ok', id: 'x' }] }, 2)).toBeNull();
    expect(parseTickets({ data: [{ status: 'ok' }] }, 1)).toBeNull();
    expect(parseTickets({ data: [{ status: 'weird' }] }, 1)).toBeNull();
    expect(parseTickets({ data: { status: 'ok', id: 'x' } }, 2)).toBeNull();
    expect(parseTickets('<html>502</html>', 1)).toBeNull();
    expect(parseTickets(undefined, 1)).toBeNull();
  });
});

describe('parseReceipts', () => {
  it('keeps well-formed receipts by id and drops the rest', () => {
    expect(parseReceipts({ data: { a: { status: 'ok' }, b: { status: 'error', message: 'm' }, c: { status: '?' }, d: 5 } })).toEqual({
      a: { status: 'ok' },
      b: { status: 'error', message: 'm' },
    });
    expect(parseReceipts({ data: [] })).toBeNull();
    expect(parseReceipts(null)).toBeNull();
  });
});

describe('firstRequestError', () => {
  it('reads the errors list and the OAuth-style error', () => {
    expect(firstRequestError({ errors: [{ code: 'PUSH_TOO_MANY_EXPERIENCE_IDS', message: 'm', details: { a: ['t'] } }] })).toEqual({
      code: 'PUSH_TOO_MANY_EXPERIENCE_IDS',
      message: 'm',
      details: { a: ['t'] },
    });
    expect(firstRequestError({ error: 'invalid_token', error_description: 'bad' })).toEqual({ code: 'invalid_token', message: 'bad' });
    expect(firstRequestError({ errors: [] })).toBeNull();
    expect(firstRequestError('Service Unavailable')).toBeNull();
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, and ignores garbage', () => {
    const now = Date.parse('2026-12-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(['2', '9'], now)).toBe(2000);
    expect(parseRetryAfter('Tue, 01 Dec 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Mon, 30 Nov 2026 00:00:10 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});

describe('parseProjectSplit', () => {
  it('maps each project to its tokens, or says it cannot', () => {
    expect(parseProjectSplit({ '@a/x': ['t1', 2, 't2'], '@b/y': [] })).toEqual({ '@a/x': ['t1', 't2'], '@b/y': [] });
    expect(parseProjectSplit({ '@a/x': 't1' })).toBeNull();
    expect(parseProjectSplit({})).toBeNull();
    expect(parseProjectSplit(null)).toBeNull();
  });
});

describe('parseJson', () => {
  it('returns undefined for text that is not JSON', () => {
    expect(parseJson('{"a":1}')).toEqual({ a: 1 });
    expect(parseJson('<html>')).toBeUndefined();
  });
});
