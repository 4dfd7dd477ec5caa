/** listNotifications (keyset) and listNotificationsPage (page/limit + total), with every filter. */
import { describe, expect, it } from 'vitest';
import type { NotificationRecord } from '../../../src/domain/records.js';
import type { NotificationFilter, Store } from '../../../src/store/port.js';
import { type ConformanceContext, devicesFor, note, queue, requestFailed, sent, T0 } from './context.js';

/**
 * 15 notifications: i = 0..11 one per second for users A (even) and B (odd), batch `bat_x` for
 * i < 6; then three in one call at T0 + 20 s (same createdAt: ordered by id). Some are moved on:
 * 1 and 4 are `sent`, 7 is `opened`.
 */
async function fill(store: Store): Promise<void> {
  await devicesFor(store, 'A', 1);
  await devicesFor(store, 'B', 1);
  for (let i = 0; i < 12; i++) {
    const label = `l${String(i).padStart(2, '0')}`;
    await store.enqueueNotifications([note(label, i % 2 === 0 ? 'A' : 'B', { batchId: i < 6 ? 'bat_x' : null })], T0 + i * 1000);
  }
  await store.enqueueNotifications([note('l14', 'A'), note('l12', 'B'), note('l13', 'A')], T0 + 20_000);
  const claimed = await store.claimDueDeliveries({ owner: 'w', now: T0 + 30_000, leaseMs: 60_000, limit: 100 });
  const accepted = claimed.filter((c) => c.notificationId === 'ntf_l01' || c.notificationId === 'ntf_l04');
  await store.applyTickets(
    accepted.map((c) => sent(c.id, `tk-${c.id}`, T0 + 999_999)),
    T0 + 30_001,
  );
  await store.releaseDeliveries(
    claimed.filter((c) => !accepted.includes(c)).map((c) => c.id),
    requestFailed(T0 + 999_999, 'HTTP_503', 'x', true),
    T0 + 30_001,
  );
  await store.markOpened('ntf_l07', T0 + 30_002, T0 + 30_002);
}

/** Every id the filter matches, newest first, read through keyset pages of `limit`. */
async function readAll(store: Store, filter: NotificationFilter, limit: number): Promise<{ ids: string[]; pages: number[] }> {
  const ids: string[] = [];
  const pages: number[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const page: { items: NotificationRecord[]; nextCursor: string | null } = await store.listNotifications(filter, { limit, cursor });
    ids.push(...page.items.map((n) => n.id));
    pages.push(page.items.length);
    cursor = page.nextCursor;
    if (cursor === null) return { ids, pages };
    expect(typeof cursor).toBe('string');
  }
  throw new Error('cursor never ended');
}

const ALL = ['l14', 'l13', 'l12', 'l11', 'l10', 'l09', 'l08', 'l07', 'l06', 'l05', 'l04', 'l03', 'l02', 'l01', 'l00'].map((l) => `ntf_${l}`);

export function listingConformance({ fresh }: ConformanceContext): void {
  describe('listing notifications', () => {
    it('pages newest first by keyset, ties broken by id, ending with a null cursor', async () => {
      const store = await fresh();
      expect(await store.listNotifications({}, { limit: 10 })).toEqual({ items: [], nextCursor: null });
      await fill(store);
      expect(await readAll(store, {}, 4)).toEqual({ ids: ALL, pages: [4, 4, 4, 3] });
      expect(await readAll(store, {}, 5)).toEqual({ ids: ALL, pages: [5, 5, 5] });
      expect((await readAll(store, {}, 100)).ids).toEqual(ALL);
      const [first] = (await store.listNotifications({}, { limit: 1 })).items;
      expect(first).toMatchObject({ id: 'ntf_l14', userId: 'A', createdAt: T0 + 20_000, status: 'retrying', content: { title: 'title l14' } });
    });

    it('filters by user, status, batch and creation time, alone or together', async () => {
      const store = await fresh();
      await fill(store);
      const expectFilter = async (filter: NotificationFilter, labels: string[]) => {
        expect((await readAll(store, filter, 2)).ids).toEqual(labels.map((l) => `ntf_${l}`));
        const page = await store.listNotificationsPage(filter, { limit: 100, page: 1 });
        expect(page.total).toBe(labels.length);
        expect(page.items.map((n) => n.id)).toEqual(labels.map((l) => `ntf_${l}`));
      };
      await expectFilter({ userId: 'A' }, ['l14', 'l13', 'l10', 'l08', 'l06', 'l04', 'l02', 'l00']);
      await expectFilter({ userId: 'nobody' }, []);
      await expectFilter({ status: 'sent' }, ['l04', 'l01']);
      await expectFilter({ status: 'opened' }, ['l07']);
      await expectFilter({ status: 'retrying' }, ['l14', 'l13', 'l12', 'l11', 'l10', 'l09', 'l08', 'l06', 'l05', 'l03', 'l02', 'l00']);
      await expectFilter({ status: 'queued' }, []);
      await expectFilter({ batchId: 'bat_x' }, ['l05', 'l04', 'l03', 'l02', 'l01', 'l00']);
      await expectFilter({ from: T0 + 2000, to: T0 + 6000 }, ['l05', 'l04', 'l03', 'l02']);
      await expectFilter({ from: T0 + 20_000 }, ['l14', 'l13', 'l12']);
      await expectFilter({ to: T0 + 1000 }, ['l00']);
      await expectFilter({ userId: 'B', status: 'sent' }, ['l01']);
      await expectFilter({ userId: 'A', batchId: 'bat_x', from: T0 + 1000 }, ['l04', 'l02']);
    });

    it('pages by number with a total', async () => {
      const store = await fresh();
      await fill(store);
      const pages = await Promise.all([1, 2, 3, 4, 5].map((page) => store.listNotificationsPage({}, { limit: 4, page })));
      expect(pages.map((p) => p.total)).toEqual([15, 15, 15, 15, 15]);
      expect(pages.map((p) => p.items.length)).toEqual([4, 4, 4, 3, 0]);
      expect(pages.flatMap((p) => p.items.map((n) => n.id))).toEqual(ALL);
      const userB = await store.listNotificationsPage({ userId: 'B' }, { limit: 2, page: 2 });
      expect(userB).toMatchObject({ total: 7 });
      expect(userB.items.map((n) => n.id)).toEqual(['ntf_l09', 'ntf_l07']);
      expect(await store.listNotificationsPage({ userId: 'nobody' }, { limit: 10, page: 1 })).toEqual({ items: [], total: 0 });
    });

    it('reads a page and its total in one snapshot: they agree while notifications are being added', async () => {
      const store = await fresh();
      await devicesFor(store, 'busy', 1);
      let writing = true;
      const writer = (async () => {
        for (let i = 0; writing; i++) await queue(store, `busy${String(i).padStart(5, '0')}`, 'busy', T0 + i);
      })();
      try {
        for (let i = 0; i < 150; i++) {
          const { items, total } = await store.listNotificationsPage({ userId: 'busy' }, { limit: 1000, page: 1 });
          expect(items.length).toBe(total);
        }
      } finally {
        writing = false;
        await writer;
      }
    });

    it('rejects a cursor it did not make with InvalidCursor', async () => {
      const store = await fresh();
      await fill(store);
      await expect(store.listNotifications({}, { limit: 2, cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'InvalidCursor' });
    });
  });
}
