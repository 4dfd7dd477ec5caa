/**
 * The dispatcher: claims due deliveries, groups them per Expo project into requests of at most
 * `batchSize`, and keeps at most `concurrency` requests in flight (each sent by the RequestSender,
 * request-sender.ts). It wakes at once when work is queued (no batching delay) and otherwise
 * sleeps until the earliest due retry.
 */
import type { Clock } from '../domain/clock.js';
import { StorageUnavailableError } from '../domain/errors.js';
import type { ExpoClient } from '../expo/client.js';
import type { ClaimedDelivery, Store } from '../store/port.js';
import type { Logger } from '../util/logger.js';
import type { EngineConfig } from './config.js';
import type { EngineEvents } from './events.js';
import { neverSentUpdate, pausedUserUpdate } from './outcomes.js';
import { RequestSender, UNKNOWN_PROJECT } from './request-sender.js';

/** Safety-net poll, so rows made due by other processes without a NOTIFY are still seen. */
const MAX_SLEEP_MS = 30_000;
/** Back-off of the loop itself after the store failed. */
const STORE_ERROR_PAUSE_MS = 1_000;
/** How long the first claim waits for the engine's first check of Expo (engine.ts checkExpo). */
const WARM_UP_WAIT_MS = 2_000;
/** After stopping, how long an Expo answer the database cannot take is still kept and retried. */
const STOPPING_WRITE_GRACE_MS = 10_000;

export interface DispatcherDeps {
  store: Store;
  transport: Pick<ExpoClient, 'prepare' | 'sendPrepared'>;
  config: EngineConfig;
  logger: Logger;
  owner: string;
  events: EngineEvents;
  clock: Clock;
}

export class Dispatcher {
  private running = false;
  private pumping = false;
  private wakeAgain = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  private claimSeq = 0;
  /** A partial batch is filling under load; the timer claims it. */
  private lingerTimer: NodeJS.Timeout | null = null;
  /** The linger has elapsed: the next claim goes ahead whatever it finds. */
  private lingered = false;
  /** The last claim took all it could: more is due, no reason to linger. */
  private backlog = false;
  /**
   * Claims this dispatcher lost track of (the database went away during the claim, so whether it
   * committed is unknown) and claimed deliveries it gave up before sending: both known unsent, to
   * be given back as soon as the database answers, rather than when their lease runs out.
   */
  private readonly lostClaims = new Set<string>();
  private readonly unsentDeliveries = new Set<string>();
  private stoppedAt: number | null = null;
  readonly sender: RequestSender;

  constructor(private readonly deps: DispatcherDeps) {
    this.sender = new RequestSender(deps, {
      isRunning: () => this.running,
      keepWriting: () => this.stoppedAt === null || performance.now() - this.stoppedAt < STOPPING_WRITE_GRACE_MS,
      onUnsent: (ids) => {
        for (const id of ids) this.unsentDeliveries.add(id);
      },
    });
  }

  /** Starts claiming once `ready` settles (or after WARM_UP_WAIT_MS at most). */
  start(ready: Promise<void> = Promise.resolve()): void {
    this.running = true;
    this.stoppedAt = null;
    const waited = new Promise<void>((resolve) => setTimeout(resolve, WARM_UP_WAIT_MS).unref());
    void Promise.race([ready.catch(() => {}), waited]).then(() => this.wake());
  }

  /** Stops claiming; resolves when every request in flight has been answered and applied. */
  async stop(): Promise<void> {
    this.running = false;
    this.stoppedAt = performance.now();
    this.clearTimer();
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = null;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** Asks the loop to look for due work now. Cheap and safe to call often. */
  wake(): void {
    if (!this.running) return;
    if (this.pumping) {
      this.wakeAgain = true;
      return;
    }
    if (this.lingerTimer) return; // its timer claims the batch
    this.clearTimer();
    void this.pump();
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    let sleepMs: number | null = null;
    try {
      await this.giveBackUnsent();
      do {
        this.wakeAgain = false;
        await this.claimWhileFree();
      } while (this.wakeAgain && this.running);
      if (this.running && this.inFlight.size < this.deps.config.concurrency && !this.lingerTimer) {
        const due = await this.deps.store.nextDueAt();
        sleepMs = due === null ? MAX_SLEEP_MS : Math.min(MAX_SLEEP_MS, Math.max(0, due - this.deps.clock.now()));
      }
    } catch (error) {
      this.deps.logger.error({ err: error }, 'dispatcher: store error; retrying shortly');
      sleepMs = STORE_ERROR_PAUSE_MS;
    } finally {
      this.pumping = false;
    }
    if (!this.running) return;
    if (this.wakeAgain) this.wake();
    else if (sleepMs !== null) this.schedule(sleepMs);
  }

  private async claimWhileFree(): Promise<void> {
    const { store, config, owner } = this.deps;
    while (this.running && this.inFlight.size < config.concurrency) {
      if (this.shouldLinger()) {
        this.linger();
        return;
      }
      const limit = (config.concurrency - this.inFlight.size) * config.batchSize;
      // One lease owner per claim, not per process: if this claim's lease expires and the same
      // process claims those rows again, only the new claim may start a request for them.
      const claimOwner = `${owner}#${++this.claimSeq}`;
      // With no send budget to wait for, each request is written as soon as it is claimed.
      const startNow = config.sendRatePerSecond === 0 && !this.sender.rates.anyCut;
      const claimed = await store
        .claimDueDeliveries({ owner: claimOwner, now: this.deps.clock.now(), leaseMs: config.leaseMs, limit, startNow })
        .catch((error: unknown) => {
          if (error instanceof StorageUnavailableError) this.lostClaims.add(claimOwner);
          throw error;
        });
      this.lingered = false;
      this.backlog = claimed.length === limit;
      const dropped = claimed.filter((d) => d.paused);
      const sendable = dropped.length > 0 ? claimed.filter((d) => !d.paused) : claimed;
      for (const chunk of groupIntoRequests(sendable, config.batchSize)) this.launch(chunk, claimOwner, startNow);
      if (dropped.length > 0) await this.dropPaused(dropped);
      if (claimed.length < limit) return;
    }
  }

  /** Deliveries of users paused when they came due are dropped, not sent (README "Pausing"). */
  private async dropPaused(deliveries: ClaimedDelivery[]): Promise<void> {
    const ids = deliveries.map((d) => d.id);
    await this.deps.store.releaseDeliveries(ids, pausedUserUpdate(), this.deps.clock.now()).catch((error: unknown) => {
      // Given back (and judged again when claimed) once the database answers.
      if (error instanceof StorageUnavailableError) for (const id of ids) this.unsentDeliveries.add(id);
      throw error;
    });
  }

  /** Busy, and the queue was short last time: sending now would mean many small requests. */
  private shouldLinger(): boolean {
    return this.deps.config.lingerMs > 0 && this.inFlight.size > 0 && !this.backlog && !this.lingered;
  }

  private linger(): void {
    if (this.lingerTimer) return;
    this.lingerTimer = setTimeout(() => {
      this.lingerTimer = null;
      this.lingered = true;
      this.wake();
    }, this.deps.config.lingerMs);
  }

  private launch(chunk: ClaimedDelivery[], claimOwner: string, started: boolean): void {
    const task = (started ? this.sender.sendStarted(chunk) : this.sender.sendChunk(chunk, claimOwner))
      .catch((error) => this.deps.logger.error({ err: error }, 'dispatcher: a request could not be started or recorded'))
      .finally(() => {
        this.inFlight.delete(task);
        this.wake();
      });
    this.inFlight.add(task);
  }

  /** Gives back claims and deliveries lost to a database error (see lostClaims); throws while it cannot. */
  private async giveBackUnsent(): Promise<void> {
    if (this.lostClaims.size === 0 && this.unsentDeliveries.size === 0) return;
    const { store, clock, logger } = this.deps;
    const now = clock.now();
    const claims = [...this.lostClaims];
    const ids = [...this.unsentDeliveries];
    await store.releaseClaims(claims, neverSentUpdate(now), now);
    await store.releaseDeliveries(ids, neverSentUpdate(now), now);
    for (const owner of claims) this.lostClaims.delete(owner);
    for (const id of ids) this.unsentDeliveries.delete(id);
    logger.info({ claims: claims.length, deliveries: ids.length }, 'gave back work claimed while the database was failing');
  }

  private schedule(ms: number): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.wake();
    }, ms);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** Splits claimed deliveries into requests: one Expo project per request, at most `size` each. */
export function groupIntoRequests(claimed: ClaimedDelivery[], size: number): ClaimedDelivery[][] {
  const byProject = new Map<string, ClaimedDelivery[]>();
  for (const delivery of claimed) {
    const key = delivery.project ?? UNKNOWN_PROJECT;
    let group = byProject.get(key);
    if (!group) {
      group = [];
      byProject.set(key, group);
    }
    group.push(delivery);
  }
  const requests: ClaimedDelivery[][] = [];
  for (const group of byProject.values()) {
    for (let i = 0; i < group.length; i += size) requests.push(group.slice(i, i + size));
  }
  return requests;
}
