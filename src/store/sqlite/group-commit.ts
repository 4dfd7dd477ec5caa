/**
 * Group commit: writes submitted in the same event-loop turn share one transaction, so many
 * concurrent single sends (an HTTP server under load) pay for one WAL commit instead of one each.
 * Each write runs under its own savepoint, so one failing write is rolled back alone, and every
 * caller is answered only after the shared commit: nothing is acknowledged before it is stored.
 */
import type { Db } from './connection.js';

/**
 * A job this large (rows) waits a moment for others to share its commit: concurrent fan-outs
 * to the same users then dirty each page of notifications_user_idx once per commit instead of
 * once per job (http_batch on SQLite: about 30,500 -> 32,400 notifications/s).
 */
const LARGE_JOB = 500;
const LARGE_JOB_LINGER_MS = 2;

interface Job {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Result = { ok: true; value: unknown } | { ok: false; error: unknown };

export class GroupCommit {
  private pending: Job[] = [];

  constructor(private readonly db: Db) {}

  /**
   * Runs `run` inside the next shared write transaction; resolves once that has committed.
   * `size` is the rows it writes: a large job lingers LARGE_JOB_LINGER_MS for company.
   */
  submit<T>(run: () => T, size = 1): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ run, resolve: resolve as (value: unknown) => void, reject });
      if (this.pending.length === 1) {
        if (size >= LARGE_JOB) setTimeout(() => this.flush(), LARGE_JOB_LINGER_MS);
        else setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const jobs = this.pending;
    this.pending = [];
    let results: Result[];
    try {
      results = this.db.write(() => (jobs.length === 1 ? [this.runAlone(jobs[0]!)] : jobs.map((job) => this.runInSavepoint(job))));
    } catch (error) {
      for (const job of jobs) job.reject(error);
      return;
    }
    jobs.forEach((job, i) => {
      const result = results[i]!;
      if (result.ok) job.resolve(result.value);
      else job.reject(result.error);
    });
  }

  /** Alone in the transaction: a failure rolls the whole (single-job) transaction back. */
  private runAlone(job: Job): Result {
    return { ok: true, value: job.run() };
  }

  private runInSavepoint(job: Job): Result {
    this.db.prepare('SAVEPOINT group_job').run();
    try {
      const value = job.run();
      this.db.prepare('RELEASE group_job').run();
      return { ok: true, value };
    } catch (error) {
      this.db.prepare('ROLLBACK TO group_job').run();
      this.db.prepare('RELEASE group_job').run();
      return { ok: false, error };
    }
  }
}
