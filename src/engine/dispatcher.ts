/**
 * The dispatcher: claims due deliveries, groups them per Expo project into requests of at most
 * `batchSize`, keeps at most `concurrency` requests in flight under the per-project send budget,
 * and applies each answer in one transaction. It wakes at once when work is queued (no batching
 * delay) and otherwise sleeps until the earliest due retry.
 */

import type { BudgetRequest } from '../domain/budget.js';
import type { Clock } from '../domain/clock.js';
import { StorageUnavailableError } from '../domain/errors.js';
import type { ExpoClient, PreparedRequest, SendOutcome } from '../expo/client.js';
import type { ExpoPushMessage } from '../expo/message.js';
import type { ClaimedDelivery, StartRequestResult, Store } from '../store/port.js';
import type { Logger } from '../util/logger.js';
import type { EngineConfig } from './config.js';
import type { EngineEvents } from './events.js';
import { KeyedMutex } from './keyed-mutex.js';
import {
  failedRequestUpdates,
  neverSentUpdate,
  pausedUpdate,
  rateLimitedUpdate,
  rejectedUpdate,
  shutdownUpdate,
  splitUpdate,
  ticketUpdates,
  unknownOutcomeUpdate,
} from './outcomes.js';
import { writeWhenStored } from './persist.js';
import { AdaptiveRate } from './throttle.js';

/** Group key for deliveries whose Expo project is not known yet. */
const UNKNOWN_PROJECT = '';
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
  /** Requests waiting for one project's send budget ask the store one at a time. */
  private readonly budgetQueue = new KeyedMutex();
  /** Per project: when the budget may next be asked for (pacing, see startWithinBudget). */
  private readonly nextAskAt = new Map<string, number>();
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
  /** The rate per project, cut by Expo's 429s (throttle.ts). */
  readonly rates: AdaptiveRate;
  /** Per project, messages sent over the last second (when, how many): what a 429 answered. */
  private readonly recentSends = new Map<string, { at: number; count: number }[]>();

  constructor(private readonly deps: DispatcherDeps) {
    this.rates = new AdaptiveRate(deps.config.sendRatePerSecond, deps.config.rateWindowMs, deps.clock, (project, ratePerSecond) =>
      deps.events.emit('sendRate', { project, ratePerSecond }),
    );
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
      const startNow = config.sendRatePerSecond === 0 && !this.rates.anyCut;
      const claimed = await store
        .claimDueDeliveries({ owner: claimOwner, now: this.deps.clock.now(), leaseMs: config.leaseMs, limit, startNow })
        .catch((error: unknown) => {
          if (error instanceof StorageUnavailableError) this.lostClaims.add(claimOwner);
          throw error;
        });
      this.lingered = false;
      this.backlog = claimed.length === limit;
      for (const chunk of groupIntoRequests(claimed, config.batchSize)) this.launch(chunk, claimOwner, startNow);
      if (claimed.length < limit) return;
    }
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
    const task = (started ? this.sendStarted(chunk) : this.sendChunk(chunk, claimOwner))
      .catch((error) => this.deps.logger.error({ err: error }, 'dispatcher: a request could not be started or recorded'))
      .finally(() => {
        this.inFlight.delete(task);
        this.wake();
      });
    this.inFlight.add(task);
  }

  /**
   * Sends one request's worth of deliveries, in parts when the send budget is short. The budget
   * grant and the "request started" mark happen in one store transaction right before the write.
   */
  private async sendChunk(chunk: ClaimedDelivery[], owner: string): Promise<void> {
    const { transport, clock, store } = this.deps;
    const project = chunk[0]!.project ?? UNKNOWN_PROJECT;
    let rest = chunk;
    // Prepared (serialized, maybe gzipped) once for the whole chunk: the usual case sends it as is.
    const whole = await transport.prepare(toMessages(rest));
    while (rest.length > 0) {
      const ids = rest.map((d) => d.id);
      const unlimited = this.rates.limitFor(project) === null;
      const start = await (unlimited
        ? this.startAllowed(ids, owner, project)
        : this.budgetQueue.run(project, () => this.startAllowed(ids, owner, project))
      ).catch((error: unknown) => {
        // Whether the start was recorded is unknown, but nothing of `rest` was sent.
        if (error instanceof StorageUnavailableError) for (const id of ids) this.unsentDeliveries.add(id);
        throw error;
      });
      if (start.lost.length > 0) {
        this.deps.logger.warn({ lost: start.lost.length }, 'dispatcher: lease lost before sending; another claim owns those');
        const lost = new Set(start.lost);
        rest = rest.filter((d) => !lost.has(d.id));
      }
      if (start.started.length === 0) {
        if (rest.length === 0) return;
        // Expo asked this project to wait: back in the queue until then, nothing started.
        if (start.pausedUntil !== null) await store.releaseDeliveries(ids, pausedUpdate(start.pausedUntil), clock.now());
        else await this.giveBack(rest); // stopping while waiting for budget
        return;
      }
      const started = new Set(start.started);
      const part = rest.filter((d) => started.has(d.id));
      rest = rest.filter((d) => !started.has(d.id));
      const prepared = part.length === chunk.length ? whole : await transport.prepare(toMessages(part));
      await this.sendRequest(part, prepared, start.grant ?? null);
    }
  }

  /**
   * Starts as many of `ids` as the project's rate allows, asking for send budget until some may
   * be sent, the lease on all of them is lost, Expo paused the project (`pausedUntil`), or the
   * dispatcher stops (then nothing is started). The rate and the pause are read at every ask: a
   * 429 answered meanwhile applies at once. With a rate, runs one at a time per project
   * (budgetQueue), paced: after a grant of n messages the next ask waits n / limit seconds, so a
   * process sends at the limit's pace instead of in one burst per window. Bursts, once several
   * processes share the budget, land at Expo late and bunched (busiest second 1,100 of 1,000).
   */
  private async startAllowed(ids: string[], owner: string, project: string): Promise<StartRequestResult & { pausedUntil: number | null }> {
    const { store, config, events, clock } = this.deps;
    const lost: string[] = [];
    let rest = ids;
    for (;;) {
      const pausedUntil = this.rates.pausedUntil(project);
      if (pausedUntil > clock.now()) return { started: [], lost, waitMs: 0, pausedUntil };
      const limit = this.rates.limitFor(project);
      const budget: BudgetRequest | null = limit === null ? null : { project, limit, windowMs: config.rateWindowMs };
      const pacedUntil = this.nextAskAt.get(project) ?? 0;
      if (budget && pacedUntil > clock.now()) {
        await sleep(pacedUntil - clock.now());
        continue; // the rate or the pause may have changed meanwhile
      }
      const now = clock.now();
      const start = await store.startRequest({ deliveryIds: rest, owner, leaseMs: config.leaseMs, budget });
      lost.push(...start.lost);
      if (start.started.length > 0) {
        if (budget) this.nextAskAt.set(project, now + (start.started.length * budget.windowMs) / budget.limit);
        return { started: start.started, lost, waitMs: 0, pausedUntil: null, grant: start.grant ?? null };
      }
      if (start.lost.length === rest.length || !this.running) return { started: [], lost, waitMs: start.waitMs, pausedUntil: null };
      if (start.lost.length > 0) {
        const gone = new Set(start.lost);
        rest = rest.filter((id) => !gone.has(id));
      }
      events.emit('rateLimitWait', { project, waitMs: start.waitMs });
      // waitMs counts from `now`, taken before the store's round trip: sleeping it in full after
      // the answer came back left budget unused every window (utilisation 96.7% on PostgreSQL).
      await sleep(Math.max(1, now + start.waitMs - clock.now()));
    }
  }

  /** A chunk claimed with startNow: its request is already marked started. */
  private async sendStarted(chunk: ClaimedDelivery[]): Promise<void> {
    await this.sendRequest(chunk, await this.deps.transport.prepare(toMessages(chunk)));
  }

  private async giveBack(deliveries: ClaimedDelivery[]): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.store.releaseDeliveries(
      deliveries.map((d) => d.id),
      shutdownUpdate(now),
      now,
    );
  }

  /** Sends a started request; `grant` (its send-budget grant) is re-stamped with the moment it went out. */
  private async sendRequest(deliveries: ClaimedDelivery[], prepared: PreparedRequest, grant: string | null = null): Promise<void> {
    const { transport, events, clock, store, logger } = this.deps;
    const project = deliveries[0]?.project ?? UNKNOWN_PROJECT;
    const started = performance.now();
    const startedAt = clock.now();
    let confirmed: Promise<void> | null = null;
    const outcome = await transport.sendPrepared(prepared, () => {
      if (grant === null) return;
      const writtenAt = Math.ceil(startedAt + (performance.now() - started));
      confirmed = store.confirmSend(grant, writtenAt).catch((error: unknown) => logger.debug({ err: error }, 'could not re-stamp a send-budget grant'));
    });
    this.countSend(project, startedAt, deliveries.length);
    await confirmed;
    events.emit('expoRequest', {
      outcome: outcome.kind,
      status: outcome.status,
      messages: deliveries.length,
      durationMs: performance.now() - started,
    });
    if (outcome.kind === 'retryable' && outcome.status === 429) {
      this.rates.rateLimited(project, outcome.retryAfterMs, startedAt, this.sentLastSecond(project, clock.now()));
    }
    await writeWhenStored(() => this.apply(deliveries, outcome, project), {
      logger: this.deps.logger,
      what: `Expo's answer for ${deliveries.length} deliveries`,
      keepTrying: () => this.stoppedAt === null || performance.now() - this.stoppedAt < STOPPING_WRITE_GRACE_MS,
    });
    events.emit('applied', new Set(deliveries.map((d) => d.notificationId)));
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

  /** Remembers a request's messages for a second (what a 429 answered is measured from them). */
  private countSend(project: string, at: number, count: number): void {
    const list = this.recentSends.get(project) ?? [];
    list.push({ at, count });
    while (list.length > 0 && list[0]!.at <= at - 1_000) list.shift();
    this.recentSends.set(project, list);
  }

  private sentLastSecond(project: string, now: number): number {
    return (this.recentSends.get(project) ?? []).filter((s) => s.at > now - 1_000).reduce((sum, s) => sum + s.count, 0);
  }

  private async apply(deliveries: ClaimedDelivery[], outcome: SendOutcome, project: string): Promise<void> {
    const { store, config, logger, clock } = this.deps;
    const now = clock.now();
    const ids = deliveries.map((d) => d.id);
    if (outcome.kind === 'retryable' && outcome.status === 429) {
      logger.warn({ project, retryAfterMs: outcome.retryAfterMs, ratePerSecond: this.rates.limitFor(project) }, 'Expo answered 429; sending slower');
      const resumeAt = Math.max(this.rates.pausedUntil(project), now + (outcome.retryAfterMs ?? 0));
      await store.releaseDeliveries(ids, rateLimitedUpdate(outcome, resumeAt), now);
      return;
    }
    switch (outcome.kind) {
      case 'tickets':
        await store.applyTickets(ticketUpdates(deliveries, outcome.tickets, config, now), now);
        return;
      case 'split': {
        const entries = Object.entries(outcome.projects).flatMap(([project, tokens]) => tokens.map((token) => ({ token, project })));
        await store.setTokenProjects(entries, now);
        logger.info({ projects: Object.keys(outcome.projects).length }, 'learned Expo projects; resending split by project');
        await store.releaseDeliveries(ids, splitUpdate(now), now);
        return;
      }
      case 'retryable':
      case 'unauthorized': {
        if (outcome.kind === 'unauthorized') {
          logger.error({ status: outcome.status, code: outcome.code }, 'Expo refused the credentials: check PUSHGATE_EXPO_ACCESS_TOKEN');
        } else {
          logger.warn({ status: outcome.status, code: outcome.code }, 'Expo request failed; will retry');
        }
        const retryAfterMs = outcome.kind === 'retryable' ? outcome.retryAfterMs : null;
        for (const { ids: group, update } of failedRequestUpdates(deliveries, { ...outcome, retryAfterMs }, config, now)) {
          await store.releaseDeliveries(group, update, now);
        }
        return;
      }
      case 'rejected':
        logger.error({ status: outcome.status, code: outcome.code }, 'Expo rejected the request');
        await store.releaseDeliveries(ids, rejectedUpdate(outcome), now);
        return;
      case 'unknown':
        logger.warn({ code: outcome.code, messages: ids.length }, 'Expo outcome unknown; marking maybe_delivered');
        await store.releaseDeliveries(ids, unknownOutcomeUpdate(outcome), now);
        return;
    }
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

function toMessages(deliveries: ClaimedDelivery[]): ExpoPushMessage[] {
  return deliveries.map((d) => ({ ...d.content, to: d.token }));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
