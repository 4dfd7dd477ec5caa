/**
 * The janitor: deletes finished notifications older than the retention period, in bounded
 * chunks so it never holds a long transaction.
 */
import type { ResolvedConfig } from '../core/config.js';
import type { Store } from '../store/store.js';
import type { Logger } from '../util/logger.js';

const PURGE_CHUNK = 5_000;

export class Janitor {
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<number> | null = null;

  constructor(private readonly deps: { store: Store; config: ResolvedConfig; logger: Logger }) {}

  start(): void {
    if (this.deps.config.retentionMs === 0) return;
    this.timer = setInterval(() => void this.runOnce(), this.deps.config.janitorIntervalMs);
    this.timer.unref();
    void this.runOnce();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.current;
  }

  /** Purges everything past retention now; returns how many notifications were deleted. */
  runOnce(now = Date.now()): Promise<number> {
    this.current ??= this.purge(now).finally(() => {
      this.current = null;
    });
    return this.current;
  }

  private async purge(now: number): Promise<number> {
    const { store, config, logger } = this.deps;
    let total = 0;
    try {
      for (;;) {
        const deleted = await store.purgeFinished(now - config.retentionMs, PURGE_CHUNK);
        total += deleted;
        if (deleted < PURGE_CHUNK) break;
      }
      if (total > 0) logger.info({ deleted: total }, 'janitor purged finished notifications');
    } catch (error) {
      logger.error({ err: error }, 'janitor failed');
    }
    return total;
  }
}
