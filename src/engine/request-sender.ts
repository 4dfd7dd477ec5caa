/**
 * Sending one request's worth of claimed deliveries: waiting for the project's send budget (at the
 * rate Expo's 429s allow, throttle.ts), marking the request started, writing it, re-stamping its
 * budget grant with the moment it left, and storing what Expo's answer means (outcomes.ts), kept
 * until the database takes it (persist.ts).
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
export const UNKNOWN_PROJECT = '';

export interface RequestSenderDeps {
  store: Store;
  transport: Pick<ExpoClient, 'prepare' | 'sendPrepared'>;
  config: EngineConfig;
  logger: Logger;
  events: EngineEvents;
  clock: Clock;
}

/** What the sender needs to know of the dispatcher running it. */
export interface SenderHooks {
  /** False once the dispatcher is stopping: nothing new starts. */
  isRunning(): boolean;
  /** False once an answer the database cannot take should no longer be kept (long after stopping). */
  keepWriting(): boolean;
  /** These claimed deliveries were not sent and the database could not be told: give them back later. */
  onUnsent(ids: string[]): void;
}

export class RequestSender {
  /** The rate per project, cut by Expo's 429s (throttle.ts). */
  readonly rates: AdaptiveRate;
  /** Requests waiting for one project's send budget ask the store one at a time. */
  private readonly budgetQueue = new KeyedMutex();
  /** Per project: when the budget may next be asked for (pacing, see startAllowed). */
  private readonly nextAskAt = new Map<string, number>();
  /** Per project, messages sent over the last second (when, how many): what a 429 answered. */
  private readonly recentSends = new Map<string, { at: number; count: number }[]>();

  constructor(
    private readonly deps: RequestSenderDeps,
    private readonly hooks: SenderHooks,
  ) {
    this.rates = new AdaptiveRate(deps.config.sendRatePerSecond, deps.config.rateWindowMs, deps.clock, (project, ratePerSecond) =>
      deps.events.emit('sendRate', { project, ratePerSecond }),
    );
  }

  /**
   * Sends one request's worth of deliveries, in parts when the send budget is short. The budget
   * grant and the "request started" mark happen in one store transaction right before the write.
   */
  async sendChunk(chunk: ClaimedDelivery[], owner: string): Promise<void> {
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
        if (error instanceof StorageUnavailableError) this.hooks.onUnsent(ids);
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
      if (start.lost.length === rest.length || !this.hooks.isRunning()) return { started: [], lost, waitMs: start.waitMs, pausedUntil: null };
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
  async sendStarted(chunk: ClaimedDelivery[]): Promise<void> {
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
      keepTrying: () => this.hooks.keepWriting(),
    });
    events.emit('applied', new Set(deliveries.map((d) => d.notificationId)));
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
}

function toMessages(deliveries: ClaimedDelivery[]): ExpoPushMessage[] {
  return deliveries.map((d) => ({ ...d.content, to: d.token }));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
