/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside whichever commit
 * crosses the threshold and fsyncs there: on this project's reference machine that made an
 * average enqueue ~2.7x slower (398 µs against 145 µs without syncing). So the connection turns
 * automatic checkpoints off and a worker thread with its own connection runs a PASSIVE
 * checkpoint every `intervalMs`. PASSIVE never blocks writers or readers, and the WAL is still
 * synced before each checkpoint, so durability is that of `synchronous = NORMAL`: a process
 * crash loses nothing committed.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Default period between checkpoints. */
export const CHECKPOINT_INTERVAL_MS = 1_000;

// Plain CommonJS evaluated in the worker: no TypeScript loader needed whatever runs the parent.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
const checkpoint = (mode) => {
  try {
    db.pragma('wal_checkpoint(' + mode + ')');
  } catch {
    // busy or closing: the next round catches up
  }
};
const timer = setInterval(() => checkpoint('PASSIVE'), workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint('TRUNCATE');
  db.close();
  parentPort.postMessage('stopped');
  parentPort.close();
});
`;

export class Checkpointer {
  private readonly worker: Worker;
  private stopped: Promise<void> | null = null;

  constructor(path: string, intervalMs = CHECKPOINT_INTERVAL_MS) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver, intervalMs } });
    // It must never keep a process alive on its own.
    this.worker.unref();
    this.worker.on('error', () => {
      // A failed checkpointer only lets the WAL grow until the next open; nothing is lost.
    });
  }

  /** Runs a last TRUNCATE checkpoint and ends the thread. */
  stop(): Promise<void> {
    this.stopped ??= new Promise<void>((resolve) => {
      const done = () => resolve();
      this.worker.once('message', done);
      this.worker.once('exit', done);
      this.worker.postMessage('stop');
      setTimeout(() => void this.worker.terminate().then(done), 5_000).unref();
    });
    return this.stopped;
  }
}
