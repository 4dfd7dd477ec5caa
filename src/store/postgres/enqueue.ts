/**
 * The fan-out hot path. One transaction; per chunk one statement: notifications inserted from
 * `unnest` arrays, and one `queued` delivery per active device of each user not paused, the
 * devices found in SQL (one index probe per user). Contents travel once per distinct value.
 * Items that were not stored (paused, no device, idempotency key seen before) are then
 * classified by a second, small query: fan-outs mostly store everything, and keeping the main
 * statement lean is worth more than answering in one round trip.
 */
import type pg from 'pg';
import { UnregisteredUserError } from '../../domain/errors.js';
import type { EnqueueOutcome, NewNotification } from '../port.js';
import { distinctContents } from '../sql.js';
import { Coalescer } from './coalescer.js';
import { atomicQuery, type Db, notifyWork, transaction, WORK_CHANNEL } from './connection.js';
import { deliveryIdSql } from './delivery-ids.js';

/** Notifications per statement; a larger input is written in several, in one transaction. */
const CHUNK = 10_000;

/**
 * Inputs up to this size run as a prepared statement, which saves planning a long CTE on every
 * single send. Larger ones are planned each time: the cached generic plan PostgreSQL switches to
 * after five runs cannot know the arrays' length, and made 5,000-user fan-out chunks about six
 * times slower (measured: 38,000 -> 6,000 notifications/s).
 */
const PREPARED_MAX_ITEMS = 64;

const ENQUEUE_SQL = `
WITH input AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::bigint[]) WITH ORDINALITY
    AS t(id, user_id, content_idx, idem_key, batch_id, send_at, ord)
),
targets AS (
  -- LATERAL with a window function cannot become a join over every device: one probe per user.
  SELECT i.id, i.send_at, d.* FROM input i CROSS JOIN LATERAL (
    SELECT id AS device_id, token, project, row_number() OVER (ORDER BY created_at, id) AS k
    FROM devices WHERE user_id = i.user_id AND active
  ) d
  WHERE NOT EXISTS (SELECT 1 FROM recipients r WHERE r.user_id = i.user_id AND r.paused)
),
plain AS (
  -- Without a key no conflict is possible: skip the cost of speculative insertion.
  INSERT INTO notifications (id, user_id, batch_id, content, status, idempotency_key, send_at, created_at, updated_at)
  SELECT i.id, i.user_id, i.batch_id, ($7::jsonb[])[i.content_idx], 'queued', NULL, i.send_at, $8, $8
  FROM input i
  WHERE i.idem_key IS NULL AND i.id IN (SELECT id FROM targets)
  ORDER BY i.ord
  RETURNING id
),
keyed AS (
  INSERT INTO notifications (id, user_id, batch_id, content, status, idempotency_key, send_at, created_at, updated_at)
  SELECT i.id, i.user_id, i.batch_id, ($7::jsonb[])[i.content_idx], 'queued', i.idem_key, i.send_at, $8, $8
  FROM input i
  WHERE i.idem_key IS NOT NULL AND i.id IN (SELECT id FROM targets)
  ORDER BY i.ord
  ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
  RETURNING id
),
dels AS (
  INSERT INTO deliveries (id, notification_id, device_id, token, project, state, attempts, next_attempt_at, created_at, updated_at)
  SELECT
    ${deliveryIdSql('t.id', 't.k')},
    t.id, t.device_id, t.token, t.project, 'queued', 0, t.send_at, $8, $8
  FROM targets t
  WHERE t.id IN (SELECT id FROM plain UNION ALL SELECT id FROM keyed)
  RETURNING notification_id
),
counted AS (SELECT notification_id AS id, count(*) AS deliveries FROM dels GROUP BY notification_id)
SELECT id, deliveries FROM counted`;

/**
 * The same statement for an input that fits one chunk, run alone in autocommit: it also queues
 * the wake-up (delivered at its commit), so a single send costs one round trip, not four.
 */
const ENQUEUE_ONE_SQL = ENQUEUE_SQL.replace(
  'SELECT id, deliveries FROM counted',
  `, woke AS (SELECT pg_notify($9, $10) WHERE EXISTS (SELECT 1 FROM counted))
SELECT c.id, c.deliveries FROM counted c LEFT JOIN woke ON true`,
);

/** Why the items not stored were not: a new statement, so it sees keys committed meanwhile. */
const CLASSIFY_SQL = `
SELECT
  (SELECT e.id FROM notifications e WHERE e.idempotency_key = t.idem_key) AS existing,
  EXISTS (SELECT 1 FROM recipients r WHERE r.user_id = t.user_id AND r.paused) AS paused
FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(user_id, idem_key, ord)
ORDER BY t.ord`;

/** Small enqueues (single sends) coalesced under load; measured on http_send, see coalescer.ts. */
const COALESCE = { maxInFlight: 1, maxBatch: PREPARED_MAX_ITEMS };

/** The store's enqueue: small inputs from concurrent callers share statements, larger ones run alone. */
export function createEnqueuer(db: Db): (items: NewNotification[], now: number) => Promise<EnqueueOutcome[]> {
  const small = new Coalescer<{ items: NewNotification[]; now: number }, EnqueueOutcome[]>(
    async (inputs) => {
      const items = inputs.flatMap((input) => input.items);
      const now = Math.max(...inputs.map((input) => input.now));
      const outcomes = await enqueueChunk(db, items, now, [WORK_CHANNEL, db.schema]);
      let start = 0;
      return inputs.map((input) => {
        const mine = outcomes.slice(start, start + input.items.length);
        start += input.items.length;
        return mine;
      });
    },
    { ...COALESCE, weight: (input) => input.items.length },
  );
  return async (items, now) => {
    if (items.length === 0) return [];
    // Several chunks, or several items one of which may have to fail the whole call: one
    // transaction, to commit all or roll back all.
    if (items.length > CHUNK || (items.length > 1 && items.some((i) => i.requireDevice))) return enqueueInTransaction(db, items, now);
    const outcomes = items.length <= PREPARED_MAX_ITEMS ? await small.submit({ items, now }) : await enqueueChunk(db, items, now, [WORK_CHANNEL, db.schema]);
    // One statement: an item that found no device stored nothing.
    throwIfDeviceMissing(items, outcomes);
    return outcomes;
  };
}

function throwIfDeviceMissing(items: NewNotification[], outcomes: EnqueueOutcome[]): void {
  const missing = items.find((item, i) => item.requireDevice && outcomes[i]!.kind === 'no_devices');
  if (missing) throw new UnregisteredUserError(missing.userId);
}

/** Every chunk in one transaction, rolled back when an item that requires a device found none. */
async function enqueueInTransaction(db: Db, items: NewNotification[], now: number): Promise<EnqueueOutcome[]> {
  return transaction(db, async (client) => {
    const all: EnqueueOutcome[] = [];
    for (let start = 0; start < items.length; start += CHUNK) {
      all.push(...(await enqueueChunk(client, items.slice(start, start + CHUNK), now)));
    }
    throwIfDeviceMissing(items, all);
    if (all.some((o) => o.kind === 'queued')) await notifyWork(db, client);
    return all;
  });
}

/** With `notify` ([channel, payload]) the chunk runs alone, atomically, and wakes the engines itself. */
async function enqueueChunk(
  target: pg.PoolClient | Db,
  items: NewNotification[],
  now: number,
  notify: [string, string] | null = null,
): Promise<EnqueueOutcome[]> {
  const { contents, indexes } = distinctContents(items);
  const run = <R extends pg.QueryResultRow>(text: string, values: unknown[]) =>
    'pool' in target
      ? atomicQuery<R>(target, text, values, text === ENQUEUE_ONE_SQL && items.length <= PREPARED_MAX_ITEMS ? 'pushgate_enqueue_one' : undefined)
      : target.query<R>(text, values);
  const { rows } = await run<{ id: string; deliveries: number }>(notify ? ENQUEUE_ONE_SQL : ENQUEUE_SQL, [
    items.map((i) => i.id),
    items.map((i) => i.userId),
    indexes.map((i) => i + 1), // SQL arrays are 1-based
    items.map((i) => i.idempotencyKey ?? null),
    items.map((i) => i.batchId ?? null),
    items.map((i) => i.sendAt ?? now),
    contents,
    now,
    ...(notify ?? []),
  ]);
  const stored = new Map(rows.map((r) => [r.id, r.deliveries]));
  const outcomes: (EnqueueOutcome | null)[] = items.map((item) => {
    const deliveries = stored.get(item.id);
    return deliveries === undefined ? null : { kind: 'queued', id: item.id, deliveries };
  });
  const skipped = items.filter((_, i) => outcomes[i] === null);
  if (skipped.length === 0) return outcomes as EnqueueOutcome[];

  const { rows: reasons } = await run<{ existing: string | null; paused: boolean }>(CLASSIFY_SQL, [
    skipped.map((i) => i.userId),
    skipped.map((i) => i.idempotencyKey ?? null),
  ]);
  let next = 0;
  return outcomes.map((outcome): EnqueueOutcome => {
    if (outcome) return outcome;
    const reason = reasons[next++]!;
    if (reason.existing !== null) return { kind: 'duplicate', id: reason.existing };
    return reason.paused ? { kind: 'paused' } : { kind: 'no_devices' };
  });
}
