/**
 * Group commit: writes submitted in the same event-loop turn share one transaction, so many
 * concurrent single sends (an HTTP server under load) pay for one WAL commit instead of one each.
 * Each write runs under its own savepoint, so one failing write is rolled back alone, and every
 * caller is answered only after the shared commit: nothing is acknowledged before it is stored.
 */
import type { Db } from './connection.js';

interface Job {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Result = { ok: true; value: unknown } | { ok: false; error: unknown };

export class GroupCommit {
  private pending: Job[] = [];

  constructor(private readonly db: Db) {}

  /** Runs `run` inside the next shared write transaction; resolves once that has committed. */
  submit<T>(run: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ run, resolve: resolve as (value: unknown) => void, reject });
      if (this.pending.length === 1) setImmediate(() => this.flush());
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
