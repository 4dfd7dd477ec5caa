/**
 * Versioned migrations, recorded in `migrations`. `migrate()` takes a transaction-scoped advisory
 * lock (per schema) first, so any number of processes may start at once: one applies, the others
 * wait and then find nothing left to do.
 *
 * Times are BIGINT epoch ms; content is JSONB. Deliveries reference notifications without a
 * foreign key (every delete removes both explicitly): the per-row FK check cost the fan-out
 * hot path about 10% when measured (100k one-device users).
 *
 * Partial indexes keep the hot queries independent of finished rows; listing indexes are
 * ascending (scanned backward for newest-first), since inserts at the left edge of a DESC index
 * split pages half-empty. EXPLAIN ANALYZE on 1,000,000 finished deliveries + 5,000 due + 5,000
 * awaiting receipts (PostgreSQL 15, VACUUM ANALYZEd):
 *   claimDueDeliveries (100): Limit -> LockRows -> Index Scan using deliveries_due_idx
 *     (next_attempt_at <= now), 6 buffers; whole statement (status update, content, device
 *     project included) 6.4 ms.
 *   claimDueReceipts (1000): Limit -> LockRows -> Index Scan using deliveries_receipt_due_idx,
 *     33 buffers; whole statement 12 ms.
 *   recoverExpiredLeases: LockRows -> Index Scan using deliveries_lease_idx (300 rows, 3.9 ms).
 *   nextDueAt / nextReceiptDueAt: Index Only Scan on the same partial indexes, 4 buffers, 0.04 ms.
 *   purgeFinished (5000): Index Scan using notifications_finished_idx + anti-join on
 *     deliveries_notification_idx, 55 ms (since migrations 3 and 4: notifications_created_idx
 *     and a deliveries_pkey range per notification).
 *
 * Statements that touch a list of rows name them with `= ANY(array)` rather than a join: a join
 * let the planner pick a hash join over a sequential scan of 100,000 rows whenever its
 * statistics lagged behind a dispatch run (auto_explain, 2026-11-30).
 */
import type { SchemaVersion } from '../port.js';
import { type Db, query, transaction } from './connection.js';

interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE recipients (
        user_id     TEXT PRIMARY KEY,
        paused      BOOLEAN NOT NULL DEFAULT false,
        badge_count INTEGER NOT NULL DEFAULT 0,
        created_at  BIGINT NOT NULL,
        updated_at  BIGINT NOT NULL
      );
      CREATE INDEX recipients_paused_idx ON recipients (user_id) WHERE paused;

      CREATE TABLE devices (
        id                  TEXT PRIMARY KEY,
        token               TEXT NOT NULL UNIQUE,
        user_id             TEXT NOT NULL,
        platform            TEXT NOT NULL DEFAULT 'unknown',
        language            TEXT,
        project             TEXT,
        active              BOOLEAN NOT NULL DEFAULT true,
        deactivation_reason TEXT,
        last_seen_at        BIGINT NOT NULL,
        created_at          BIGINT NOT NULL,
        updated_at          BIGINT NOT NULL
      );
      CREATE INDEX devices_user_idx ON devices (user_id, created_at, id);
      CREATE INDEX devices_active_user_idx ON devices (user_id) WHERE active;

      CREATE TABLE batches (
        id         TEXT PRIMARY KEY,
        total      INTEGER NOT NULL,
        queued     INTEGER NOT NULL,
        skipped    INTEGER NOT NULL,
        created_at BIGINT NOT NULL
      );

      CREATE TABLE notifications (
        id              TEXT PRIMARY KEY,
        user_id         TEXT NOT NULL,
        batch_id        TEXT,
        content         JSONB NOT NULL,
        status          TEXT NOT NULL,
        idempotency_key TEXT,
        send_at         BIGINT NOT NULL,
        created_at      BIGINT NOT NULL,
        updated_at      BIGINT NOT NULL,
        sent_at         BIGINT,
        opened_at       BIGINT
      );
      CREATE INDEX notifications_created_idx ON notifications (created_at, id);
      CREATE INDEX notifications_user_idx ON notifications (user_id, created_at, id);
      CREATE UNIQUE INDEX notifications_idempotency_key_idx ON notifications (idempotency_key)
        WHERE idempotency_key IS NOT NULL;
      -- In-flight statuses are left out: every insert would pay for them, and those rows are
      -- the newest, found at once by a newest-first scan of notifications_created_idx.
      CREATE INDEX notifications_status_idx ON notifications (status, created_at, id)
        WHERE status NOT IN ('queued', 'sending');
      CREATE INDEX notifications_batch_idx ON notifications (batch_id, created_at, id)
        WHERE batch_id IS NOT NULL;
      CREATE INDEX notifications_finished_idx ON notifications (updated_at)
        WHERE status IN ('delivered', 'failed', 'maybe_delivered', 'canceled', 'opened');

      CREATE TABLE deliveries (
        id                 TEXT PRIMARY KEY,
        notification_id    TEXT NOT NULL,
        device_id          TEXT NOT NULL,
        token              TEXT NOT NULL,
        project            TEXT,
        state              TEXT NOT NULL,
        attempts           INTEGER NOT NULL DEFAULT 0,
        next_attempt_at    BIGINT,
        lease_owner        TEXT,
        lease_expires_at   BIGINT,
        request_started_at BIGINT,
        ticket_id          TEXT,
        receipt_due_at     BIGINT,
        error_code         TEXT,
        error_message      TEXT,
        created_at         BIGINT NOT NULL,
        updated_at         BIGINT NOT NULL,
        sent_at            BIGINT,
        completed_at       BIGINT
      );
      CREATE INDEX deliveries_notification_idx ON deliveries (notification_id);
      CREATE INDEX deliveries_due_idx ON deliveries (next_attempt_at, id)
        WHERE state IN ('queued', 'retrying');
      CREATE INDEX deliveries_receipt_due_idx ON deliveries (receipt_due_at, id)
        WHERE state = 'sent';
      CREATE INDEX deliveries_lease_idx ON deliveries (lease_expires_at)
        WHERE state = 'sending';

      CREATE TABLE idempotent_responses (
        scope      TEXT NOT NULL,
        key        TEXT NOT NULL,
        status     INTEGER NOT NULL,
        body       JSONB,
        created_at BIGINT NOT NULL,
        PRIMARY KEY (scope, key)
      );
      CREATE INDEX idempotent_responses_created_idx ON idempotent_responses (created_at);

      CREATE TABLE api_keys (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        hash       TEXT NOT NULL UNIQUE,
        prefix     TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        revoked_at BIGINT
      );

      -- Shared per-project send budget: one row per grant, pruned once out of the window.
      CREATE TABLE send_budget_grants (
        project    TEXT NOT NULL,
        granted_at BIGINT NOT NULL,
        amount     INTEGER NOT NULL
      );
      CREATE INDEX send_budget_grants_idx ON send_budget_grants (project, granted_at);
    `,
  },
  {
    version: 2,
    name: 'byte-order collation for identifiers',
    // Ids, user ids and tokens are compared byte by byte, as SQLite does. Under the database's
    // locale collation (C.UTF-8 here) every B-tree comparison called strcoll: 5% of the
    // server's CPU while dispatching. Rewrites the affected indexes.
    sql: `
      ALTER TABLE recipients ALTER COLUMN user_id TYPE TEXT COLLATE "C";
      ALTER TABLE devices ALTER COLUMN id TYPE TEXT COLLATE "C", ALTER COLUMN token TYPE TEXT COLLATE "C",
        ALTER COLUMN user_id TYPE TEXT COLLATE "C";
      ALTER TABLE batches ALTER COLUMN id TYPE TEXT COLLATE "C";
      ALTER TABLE notifications ALTER COLUMN id TYPE TEXT COLLATE "C", ALTER COLUMN user_id TYPE TEXT COLLATE "C",
        ALTER COLUMN batch_id TYPE TEXT COLLATE "C", ALTER COLUMN idempotency_key TYPE TEXT COLLATE "C";
      ALTER TABLE deliveries ALTER COLUMN id TYPE TEXT COLLATE "C", ALTER COLUMN notification_id TYPE TEXT COLLATE "C",
        ALTER COLUMN device_id TYPE TEXT COLLATE "C", ALTER COLUMN token TYPE TEXT COLLATE "C";
      ALTER TABLE idempotent_responses ALTER COLUMN scope TYPE TEXT COLLATE "C", ALTER COLUMN key TYPE TEXT COLLATE "C";
    `,
  },
  {
    version: 3,
    name: 'heap-only status updates of notifications',
    // A dispatched notification is updated twice (sending, then sent) and once more by its
    // receipt. With no index on status or updated_at those updates are heap-only (HOT): no
    // index entries, about 5 fewer WAL records each (auto_explain: 7 per update before, 1 after),
    // given free room on the page: fillfactor 60 (at 45 no better). The claim-and-apply cycle
    // measured 113 -> 85 us per message. Listing by status now walks notifications_created_idx
    // newest first with a filter, and retention finds its rows by created_at (see housekeeping.ts).
    sql: `
      DROP INDEX notifications_status_idx;
      DROP INDEX notifications_finished_idx;
      ALTER TABLE notifications SET (fillfactor = 60);
    `,
  },
  {
    version: 4,
    name: 'deliveries found by id range',
    // Delivery ids start with their notification's id (delivery-ids.ts), so the deliveries of
    // a notification are one primary-key range: one index entry fewer for every delivery
    // inserted and for each of its (never heap-only) state changes.
    sql: `DROP INDEX deliveries_notification_idx;`,
  },
  {
    version: 5,
    name: 'engine processes',
    // One row per running engine, its heartbeat renewed every second: the work of a process
    // whose heartbeat stopped is recovered within seconds, not when its leases run out.
    sql: `
      CREATE TABLE engine_processes (
        id           TEXT COLLATE "C" PRIMARY KEY,
        host         TEXT NOT NULL,
        pid          INTEGER NOT NULL,
        started_at   BIGINT NOT NULL,
        heartbeat_at BIGINT NOT NULL
      );`,
  },
  {
    version: 6,
    name: 'send budget grants by id',
    // A grant is re-stamped once its request is written (confirmSend): the row needs a key.
    sql: `ALTER TABLE send_budget_grants ADD COLUMN id BIGINT GENERATED ALWAYS AS IDENTITY;
      ALTER TABLE send_budget_grants ADD PRIMARY KEY (id);`,
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export async function migrate(db: Db, now: number): Promise<void> {
  await transaction(db, async (client) => {
    // One lock per schema (advisory locks are database-wide).
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', ['pushgate_migrate', db.schema]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${db.schemaIdent}`);
    await client.query(`SET LOCAL search_path TO ${db.schemaIdent}`);
    await client.query(`
      CREATE TABLE IF NOT EXISTS migrations (
        version    INTEGER PRIMARY KEY,
        name       TEXT NOT NULL,
        applied_at BIGINT NOT NULL
      )`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM migrations');
    const applied = new Set(rows.map((r) => r.version));
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO migrations (version, name, applied_at) VALUES ($1, $2, $3)', [migration.version, migration.name, now]);
    }
  });
}

/** The applied and the needed versions (read-only: a schema never migrated reads as 0). */
export async function schemaVersion(db: Db): Promise<SchemaVersion> {
  const { rows: found } = await query<{ exists: boolean }>(db, "SELECT to_regclass('migrations') IS NOT NULL AS exists");
  if (!found[0]?.exists) return { applied: 0, latest: LATEST_VERSION };
  const { rows } = await query<{ version: number | null }>(db, 'SELECT max(version) AS version FROM migrations');
  return { applied: rows[0]?.version ?? 0, latest: LATEST_VERSION };
}

/** True when every migration is applied (a newer Pushgate's included); throws when the database does not answer. */
export async function isReady(db: Db): Promise<boolean> {
  const { applied, latest } = await schemaVersion(db);
  return applied >= latest;
}
