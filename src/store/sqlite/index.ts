/**
 * The embedded default store: one SQLite file (better-sqlite3, WAL). Each group of operations
 * lives in its own file with its SQL inline, as a function of the connection; createSqliteStore
 * binds them to one connection and adds what is not one statement's business: group commit,
 * wake-ups, the checkpointer. Work is synchronous under the hood and exposed through the async Store port.
 *
 * Several processes may open one file: every write is a `BEGIN IMMEDIATE` transaction, so claims
 * stay exclusive and the send budget is shared. Wake-ups (onWork) are in-process only; another
 * process finds new work at its dispatcher's next poll. PostgreSQL is the store for scaling out.
 */
import type Database from 'better-sqlite3';
import { type Clock, systemClock } from '../../domain/clock.js';
import type { BulkUpdate, LeaseRecovery, NewNotification, Store, TicketUpdate } from '../port.js';
import { dueNow } from '../sql.js';
import { withStorageErrors } from '../storage-errors.js';
import * as apiKeys from './api-keys.js';
import { confirmSend, startRequest } from './budget.js';
import { Checkpointer } from './checkpointer.js';
import { Db } from './connection.js';
import * as devices from './devices.js';
import * as dispatch from './dispatch.js';
import { enqueueNotifications } from './enqueue.js';
import { GroupCommit } from './group-commit.js';
import * as housekeeping from './housekeeping.js';
import * as idempotency from './idempotency.js';
import * as listing from './listing.js';
import * as migrations from './migrations.js';
import * as notifications from './notifications.js';
import * as processes from './processes.js';
import * as receipts from './receipts.js';
import { classifySqliteError } from './storage-errors.js';

/** Operations that write nothing: their success does not prove a full disk has space again. */
const READS = [
  'schemaVersion',
  'getDevicesForUser',
  'getRecipient',
  'getBatch',
  'getNotification',
  'listNotifications',
  'listNotificationsPage',
  'countBatchStatuses',
  'nextDueAt',
  'listProcesses',
  'nextReceiptDueAt',
  'stats',
  'getIdempotentResponse',
  'listApiKeys',
  'findApiKeyByHash',
] as const;

export interface SqliteStoreOptions {
  /** Where the store reads the time it stamps send-budget grants with. Default the system clock. */
  clock?: Clock;
}

/** The SQLite store: the Store port, plus the connection for diagnostics and tests. */
export interface SqliteStore extends Store {
  readonly kind: 'sqlite';
  /** The better-sqlite3 connection. */
  readonly db: Database.Database;
}

/** Opens `path` (creating the file and its directory when missing), or `:memory:`. */
export function createSqliteStore(path: string, options: SqliteStoreOptions = {}): SqliteStore {
  const clock = options.clock ?? systemClock;
  const conn = new Db(path);
  const memory = path === ':memory:' || path === '';
  if (!memory) conn.raw.pragma('wal_autocheckpoint = 0');
  const checkpointer = memory ? null : new Checkpointer(path);
  const groupCommit = new GroupCommit(conn);
  const listeners = new Set<() => void>();
  let wakePending = false;
  /** Calls every onWork listener once, after the current synchronous work (wake-ups coalesce). */
  const wake = () => {
    if (wakePending) return;
    wakePending = true;
    queueMicrotask(() => {
      wakePending = false;
      for (const listener of [...listeners]) {
        try {
          listener();
        } catch {
          // a listener's failure is its own business
        }
      }
    });
  };
  // Every operation yields to the event loop once first: better-sqlite3 is synchronous, and a
  // caller looping on the store (queuing chunk after chunk) would otherwise never let I/O run.
  const op =
    <A extends unknown[], R>(fn: (db: Db, ...args: A) => R) =>
    async (...args: A): Promise<R> => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      return fn(conn, ...args);
    };
  const operations: Omit<SqliteStore, 'health'> & { isReady(): Promise<boolean> } = {
    kind: 'sqlite',
    db: conn.raw,
    migrate: op((db) => migrations.migrate(db.raw, clock.now())),
    schemaVersion: op((db) => migrations.schemaVersion(db.raw)),
    isReady: async () => conn.raw.open && migrations.isReady(conn.raw),
    async close() {
      listeners.clear();
      conn.close();
      await checkpointer?.stop();
    },
    onWork(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    recordTokens: op(devices.recordTokens),
    removeToken: op(devices.removeToken),
    removeTokensForUser: op(devices.removeTokensForUser),
    getDevicesForUser: op(devices.getDevicesForUser),
    setTokenProjects: op(devices.setTokenProjects),
    getRecipient: op(devices.getRecipient),
    setPaused: op(devices.setPaused),
    // Writes arriving in the same event-loop turn share a commit (group-commit.ts).
    enqueueNotifications: (items: NewNotification[], now: number) =>
      groupCommit.submit(() => {
        const outcomes = enqueueNotifications(conn, items, now);
        if (outcomes.some((o) => o.kind === 'queued')) wake();
        return outcomes;
      }, items.length),
    createBatch: op(notifications.createBatch),
    getBatch: op(notifications.getBatch),
    getNotification: op(notifications.getNotification),
    listNotifications: op(listing.listNotifications),
    listNotificationsPage: op(listing.listNotificationsPage),
    countBatchStatuses: op(notifications.countBatchStatuses),
    markOpened: op(notifications.markOpened),
    deleteNotification: op(notifications.deleteNotification),
    deleteNotificationsForUser: op(notifications.deleteNotificationsForUser),
    cancelPending: op(notifications.cancelPending),
    claimDueDeliveries: op(dispatch.claimDueDeliveries),
    startRequest: op((db, input) => startRequest(db, clock, input)),
    confirmSend: op(confirmSend),
    applyTickets: (updates: TicketUpdate[], now: number) => groupCommit.submit(() => dispatch.applyTickets(conn, updates, now)),
    releaseDeliveries: op((db, ids: string[], update: BulkUpdate, now: number) => {
      if (dispatch.releaseDeliveries(db, ids, update, now) > 0 && dueNow(update, now)) wake();
    }),
    releaseClaims: op((db, owners: readonly string[], update: BulkUpdate, now: number) => {
      if (dispatch.releaseClaims(db, owners, update, now) > 0 && dueNow(update, now)) wake();
    }),
    recoverExpiredLeases: op((db, now: number, recovery: LeaseRecovery, deadProcesses?: readonly string[]) => {
      const result = dispatch.recoverExpiredLeases(db, now, recovery, deadProcesses);
      if ((result.notStarted > 0 && dueNow(recovery.notStarted, now)) || (result.started > 0 && dueNow(recovery.started, now))) wake();
      return result;
    }),
    nextDueAt: op(dispatch.nextDueAt),
    heartbeat: op(processes.heartbeat),
    listProcesses: op(processes.listProcesses),
    removeProcesses: op(processes.removeProcesses),
    claimDueReceipts: op(receipts.claimDueReceipts),
    applyReceipts: op(receipts.applyReceipts),
    nextReceiptDueAt: op(receipts.nextReceiptDueAt),
    purgeFinished: op(housekeeping.purgeFinished),
    stats: op(housekeeping.stats),
    getIdempotentResponse: op(idempotency.getIdempotentResponse),
    saveIdempotentResponse: op(idempotency.saveIdempotentResponse),
    purgeIdempotentResponses: op(idempotency.purgeIdempotentResponses),
    createApiKey: op(apiKeys.createApiKey),
    listApiKeys: op(apiKeys.listApiKeys),
    findApiKeyByHash: op(apiKeys.findApiKeyByHash),
    revokeApiKey: op(apiKeys.revokeApiKey),
  };
  return withStorageErrors(operations, classifySqliteError, READS);
}
