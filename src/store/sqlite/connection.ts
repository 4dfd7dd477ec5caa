/**
 * The SQLite connection and the two helpers every operation file uses: a cache of prepared
 * statements (each file keeps its SQL inline and asks for it by text) and the write transaction.
 *
 * Every write runs in a `BEGIN IMMEDIATE` transaction: it takes the database's write lock before
 * reading, so two processes sharing the file are serialized (waiting up to busy_timeout) and a
 * read-then-write, such as a claim, can never be interleaved with another process's write.
 * better-sqlite3 is synchronous, so no transaction spans an `await` and in-process callers never
 * interleave either.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type Statement = Database.Statement<unknown[], unknown>;

export class Db {
  readonly raw: Database.Database;
  private readonly statements = new Map<string, Statement>();

  constructor(path: string) {
    const memory = path === ':memory:' || path === '';
    if (!memory) mkdirSync(dirname(path), { recursive: true });
    this.raw = new Database(path);
    this.raw.pragma('busy_timeout = 5000');
    this.raw.pragma('journal_mode = WAL');
    this.raw.pragma('synchronous = NORMAL');
    this.raw.pragma('foreign_keys = ON');
  }

  /** The prepared statement for `sql`, prepared once per connection. */
  prepare(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.raw.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs `fn` in a `BEGIN IMMEDIATE` transaction (committed when it returns, rolled back when it throws). */
  write<T>(fn: () => T): T {
    if (this.raw.inTransaction) return fn();
    this.prepare('BEGIN IMMEDIATE').run();
    try {
      const result = fn();
      this.prepare('COMMIT').run();
      return result;
    } catch (error) {
      if (this.raw.inTransaction) this.prepare('ROLLBACK').run();
      throw error;
    }
  }

  close(): void {
    this.statements.clear();
    if (this.raw.open) this.raw.close();
  }
}

/** A list of values as one bound parameter: `... IN (SELECT value FROM json_each(?))`. */
export function jsonList(values: readonly unknown[]): string {
  return JSON.stringify(values);
}
