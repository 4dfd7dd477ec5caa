/**
 * Versioned migrations, recorded in `migrations`. `migrate()` applies the missing ones in one
 * `BEGIN IMMEDIATE` transaction, so several processes may start at once on the same file: one
 * applies, the others wait for the write lock and then find nothing left to do.
 *
 * Times are INTEGER epoch ms, content and response bodies JSON TEXT, booleans 0/1.
 * Partial indexes keep the hot queries (claiming due work, receipts due, lease recovery, purge)
 * independent of the finished rows that make up most of a long-running database. Listing indexes
 * end in (created_at, id) and are scanned backward for newest-first pages.
 */
import type Database from 'better-sqlite3';
import type { SchemaVersion } from '../port.js';

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
        paused      INTEGER NOT NULL DEFAULT 0,
        badge_count INTEGER NOT NULL DEFAULT 0,
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE devices (
        id                  TEXT PRIMARY KEY,
        token               TEXT NOT NULL UNIQUE,
        user_id             TEXT NOT NULL,
        platform            TEXT NOT NULL DEFAULT 'unknown',
        language            TEXT,
        project             TEXT,
        active              INTEGER NOT NULL DEFAULT 1,
        deactivation_reason TEXT,
        last_seen_at        INTEGER NOT NULL,
        created_at          INTEGER NOT NULL,
        updated_at          INTEGER NOT NULL
      );
      CREATE INDEX devices_user_idx ON devices (user_id, created_at, id);

      CREATE TABLE batches (
        id         TEXT PRIMARY KEY,
        total      INTEGER NOT NULL,
        queued     INTEGER NOT NULL,
        skipped    INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE notifications (
        id              TEXT PRIMARY KEY,
        user_id         TEXT NOT NULL,
        batch_id        TEXT,
        content         TEXT NOT NULL,
        status          TEXT NOT NULL,
        idempotency_key TEXT,
        send_at         INTEGER NOT NULL,
        created_at      INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL,
        sent_at         INTEGER,
        opened_at       INTEGER
      );
      -- Unique where present: rows without a key (most of a fan-out) cost this index nothing.
      CREATE UNIQUE INDEX notifications_idempotency_key_idx ON notifications (idempotency_key)
        WHERE idempotency_key IS NOT NULL;
      CREATE INDEX notifications_created_idx ON notifications (created_at, id);
      CREATE INDEX notifications_user_idx ON notifications (user_id, created_at, id);
      -- In-flight statuses are left out so inserts do not pay for this index; a status filter
      -- outside them repeats this predicate (listing.ts) so the planner may use it.
      CREATE INDEX notifications_status_idx ON notifications (status, created_at, id)
        WHERE status NOT IN ('queued', 'sending');
      CREATE INDEX notifications_batch_idx ON notifications (batch_id, created_at, id)
        WHERE batch_id IS NOT NULL;
      CREATE INDEX notifications_finished_idx ON notifications (updated_at)
        WHERE status IN ('delivered', 'failed', 'maybe_delivered', 'canceled', 'opened');

      CREATE TABLE deliveries (
        id                 TEXT PRIMARY KEY,
        notification_id    TEXT NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
        device_id          TEXT NOT NULL,
        token              TEXT NOT NULL,
        project            TEXT,
        state              TEXT NOT NULL,
        attempts           INTEGER NOT NULL DEFAULT 0,
        next_attempt_at    INTEGER,
        lease_owner        TEXT,
        lease_expires_at   INTEGER,
        request_started_at INTEGER,
        ticket_id          TEXT,
        receipt_due_at     INTEGER,
        error_code         TEXT,
        error_message      TEXT,
        created_at         INTEGER NOT NULL,
        updated_at         INTEGER NOT NULL,
        sent_at            INTEGER,
        completed_at       INTEGER
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
        body       TEXT,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (scope, key)
      ) WITHOUT ROWID;
      CREATE INDEX idempotent_responses_created_idx ON idempotent_responses (created_at);

      CREATE TABLE api_keys (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        hash       TEXT NOT NULL UNIQUE,
        prefix     TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
      );

      -- Shared per-project send budget: one row per grant, pruned once well out of the window.
      CREATE TABLE send_budget (
        project TEXT NOT NULL,
        at_ms   INTEGER NOT NULL,
        count   INTEGER NOT NULL
      );
      CREATE INDEX send_budget_idx ON send_budget (project, at_ms);
    `,
  },
  {
    version: 2,
    name: 'engine processes',
    // One row per running engine, its heartbeat renewed every second: the work of a process
    // whose heartbeat stopped is recovered within seconds, not when its leases run out.
    sql: `
      CREATE TABLE engine_processes (
        id           TEXT PRIMARY KEY,
        host         TEXT NOT NULL,
        pid          INTEGER NOT NULL,
        started_at   INTEGER NOT NULL,
        heartbeat_at INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Applies the missing migrations in one IMMEDIATE transaction. */
export function migrate(db: Database.Database, now: number): void {
  db.transaction(() => {
    db.exec(`
      CREATE TABLE IF NOT EXISTS migrations (
        version    INTEGER PRIMARY KEY,
        name       TEXT NOT NULL,
        applied_at INTEGER NOT NULL
      )`);
    const applied = new Set(db.prepare('SELECT version FROM migrations').pluck().all() as number[]);
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      db.exec(migration.sql);
      db.prepare('INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, now);
    }
  }).immediate();
}

/** The applied and the needed versions; throws when the database does not answer. */
export function schemaVersion(db: Database.Database): SchemaVersion {
  return { applied: appliedVersion(db), latest: LATEST_VERSION };
}

/** The highest applied version (0 when none). */
function appliedVersion(db: Database.Database): number {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'").pluck().get();
  if (!exists) return 0;
  return (db.prepare('SELECT MAX(version) FROM migrations').pluck().get() as number | null) ?? 0;
}

/** True when the database answers and every migration is applied. */
export function isReady(db: Database.Database): boolean {
  try {
    const versions = new Set(db.prepare('SELECT version FROM migrations').pluck().all() as number[]);
    return MIGRATIONS.every((m) => versions.has(m.version));
  } catch {
    return false;
  }
}
