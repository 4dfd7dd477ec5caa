/**
 * Wake-ups across processes: one dedicated connection per store runs `LISTEN pushgate_work`
 * (started with the first listener, reconnecting after errors, closed by `close()`). A NOTIFY
 * whose payload is this store's schema calls every listener. After (re)connecting, listeners
 * are called once if work is already due, so nothing queued while the connection was down
 * waits for the dispatcher's safety poll.
 */
import pg from 'pg';
import { type Db, WORK_CHANNEL } from './connection.js';
import { nextDueAt } from './dispatch.js';

const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 5_000;

export class WorkListener {
  private readonly listeners = new Set<() => void>();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private closed = false;
  private readyWaiters: (() => void)[] = [];

  constructor(private readonly db: Db) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    if (!this.client && !this.connecting && !this.reconnectTimer && !this.closed) this.connect();
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Calls every listener (this process queued work, or a NOTIFY arrived). */
  wake(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        // a listener's failure is its own business
      }
    }
  }

  /** Resolves once the LISTEN connection is up (tests; production code need not wait). */
  listening(): Promise<void> {
    if (this.client && !this.connecting) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    await this.connecting?.catch(() => {});
    const client = this.client;
    this.client = null;
    this.listeners.clear();
    if (client) await client.end().catch(() => {});
  }

  private connect(): void {
    const client = new pg.Client(this.db.clientConfig);
    const lost = () => this.lost(client);
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (message) => {
      if (message.channel === WORK_CHANNEL && message.payload === this.db.schema) this.wake();
    });
    this.connecting = (async () => {
      await client.connect();
      await client.query(`LISTEN ${WORK_CHANNEL}`);
      if (this.closed) {
        await client.end();
        return;
      }
      this.client = client;
      this.failures = 0;
      const waiters = this.readyWaiters;
      this.readyWaiters = [];
      for (const resolve of waiters) resolve();
      void this.wakeIfDue();
    })()
      .catch(() => lost())
      .finally(() => {
        this.connecting = null;
      });
  }

  private async wakeIfDue(): Promise<void> {
    try {
      const due = await nextDueAt(this.db);
      if (due !== null && due <= Date.now()) this.wake();
    } catch {
      // the dispatcher's own poll covers it
    }
  }

  private lost(client: pg.Client): void {
    client.removeAllListeners('end');
    client.on('error', () => {});
    void client.end().catch(() => {});
    if (this.client === client) this.client = null;
    if (this.closed || this.reconnectTimer) return;
    this.failures++;
    const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** Math.min(this.failures - 1, 10));
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.closed && !this.client && !this.connecting) this.connect();
    }, delay);
    this.reconnectTimer.unref();
  }
}
