/**
 * Which engines are alive: each renews a heartbeat row every `heartbeatMs`; an engine whose
 * heartbeat is older than `deadAfterMs` is dead, and any engine recovers its claimed deliveries
 * at once (and anyone's whose lease expired), instead of waiting for the leases to run out. A
 * long Expo request does not look like death: heartbeats come from a timer of their own.
 *
 * An engine judges others only after beating without a failure for `deadAfterMs` itself: when the
 * database was away, every heartbeat is stale (its own too), and the engines that were merely cut
 * off must first get the chance to beat again.
 */
import { hostname } from 'node:os';
import type { Clock } from '../domain/clock.js';
import type { EngineProcess, Store } from '../store/port.js';
import type { Logger } from '../util/logger.js';
import type { EngineConfig } from './config.js';
import { leaseRecovery } from './outcomes.js';

export interface LivenessDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  config: Pick<EngineConfig, 'heartbeatMs' | 'deadAfterMs'>;
  /** This engine's id (its claims are leased to `<owner>#<n>`). */
  owner: string;
  /** Deliveries went back to the queue: look for work. */
  onRequeued: () => void;
}

/** Engines whose last heartbeat is older than `deadAfterMs` at `now`, this one excepted. */
export function deadProcesses(processes: readonly EngineProcess[], self: string, now: number, deadAfterMs: number): string[] {
  return processes.filter((p) => p.id !== self && p.heartbeatAt < now - deadAfterMs).map((p) => p.id);
}

export class Liveness {
  private timer: NodeJS.Timeout | null = null;
  private tick: Promise<void> | null = null;
  private readonly self: EngineProcess;
  /** Since when every heartbeat of this engine succeeded (null after a failed one). */
  private beatingSince: number | null = null;

  constructor(private readonly deps: LivenessDeps) {
    const now = deps.clock.now();
    this.self = { id: deps.owner, host: hostname(), pid: process.pid, startedAt: now, heartbeatAt: now };
  }

  start(): void {
    this.runTick();
    this.timer = setInterval(() => this.runTick(), this.deps.config.heartbeatMs);
    this.timer.unref();
  }

  /** Stops beating and forgets this engine: its peers need not wait to see it dead. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.tick;
    await this.deps.store.removeProcesses([this.self.id]).catch((error: unknown) => {
      this.deps.logger.warn({ err: error }, 'could not remove this engine from the process table');
    });
  }

  private runTick(): void {
    if (this.tick) return; // the store is slow: do not pile up
    this.tick = this.beatAndRecover().finally(() => {
      this.tick = null;
    });
  }

  private async beatAndRecover(): Promise<void> {
    const { store, clock, logger, config } = this.deps;
    try {
      const now = clock.now();
      await store.heartbeat({ ...this.self, heartbeatAt: now });
      this.beatingSince ??= now;
      const judging = now - this.beatingSince >= config.deadAfterMs;
      const dead = judging ? deadProcesses(await store.listProcesses(), this.self.id, now, config.deadAfterMs) : [];
      const { notStarted, started } = await store.recoverExpiredLeases(now, leaseRecovery(now), dead);
      if (dead.length > 0) await store.removeProcesses(dead);
      if (notStarted + started > 0) {
        logger.warn({ requeued: notStarted, maybeDelivered: started, deadProcesses: dead }, 'recovered deliveries of stopped engines');
        if (notStarted > 0) this.deps.onRequeued();
      }
    } catch (error) {
      this.beatingSince = null;
      logger.warn({ err: error }, 'heartbeat or lease recovery failed; trying again');
    }
  }
}
