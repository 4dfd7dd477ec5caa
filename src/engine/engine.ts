/**
 * The engine: dispatcher, receipt checker, janitor and lease recovery, run together in one
 * process. Any number of engines may share one database.
 */
import type { Clock } from '../domain/clock.js';
import type { ExpoClient } from '../expo/client.js';
import type { Store } from '../store/port.js';
import type { Logger } from '../util/logger.js';
import type { EngineConfig } from './config.js';
import { Dispatcher } from './dispatcher.js';
import { EngineEvents } from './events.js';
import { Janitor } from './janitor.js';
import { Liveness } from './liveness.js';
import { ReceiptChecker } from './receipt-checker.js';

export interface EngineDeps {
  store: Store;
  transport: Pick<ExpoClient, 'prepare' | 'sendPrepared' | 'getReceipts' | 'close'>;
  config: EngineConfig;
  logger: Logger;
  /** Names this process in leases (host:pid:random). */
  owner: string;
  clock: Clock;
}

export class Engine extends EngineEvents {
  readonly owner: string;
  private readonly dispatcher: Dispatcher;
  private readonly receipts: ReceiptChecker;
  private readonly janitor: Janitor;
  private readonly liveness: Liveness;
  private unsubscribe: (() => void) | null = null;
  private state: 'stopped' | 'running' | 'stopping' = 'stopped';
  private stopping: Promise<void> | null = null;

  constructor(private readonly deps: EngineDeps) {
    super();
    this.owner = deps.owner;
    const shared = { store: deps.store, config: deps.config, logger: deps.logger, events: this, clock: deps.clock };
    this.dispatcher = new Dispatcher({ ...shared, transport: deps.transport, owner: deps.owner });
    this.receipts = new ReceiptChecker({ ...shared, transport: deps.transport });
    this.janitor = new Janitor(shared);
    this.liveness = new Liveness({ ...shared, owner: deps.owner, onRequeued: () => this.dispatcher.wake() });
    this.on('applied', () => this.receipts.nudge(deps.clock.now() + deps.config.receiptDelayMs));
  }

  get running(): boolean {
    return this.state === 'running';
  }

  /** Projects Expo's 429s made this process send to below the configured rate, with the rate in use (messages/s). */
  sendRates(): Map<string, number> {
    return this.dispatcher.rates.current();
  }

  /** Expo requests currently in flight in this process. */
  get inFlight(): number {
    return this.dispatcher.inFlightCount;
  }

  start(): void {
    if (this.state !== 'stopped') return;
    this.state = 'running';
    this.unsubscribe = this.deps.store.onWork(() => this.dispatcher.wake());
    this.liveness.start();
    this.dispatcher.start(this.checkExpo());
    this.receipts.start();
    this.janitor.start();
    this.deps.logger.debug({ owner: this.owner }, 'engine started');
  }

  /**
   * One harmless request to Expo (receipts for no ids) before the first send: it says at once in
   * the log when Expo is unreachable or refuses the access token, and it opens a connection and
   * warms the request path, so the first sends do not reach Expo tens of milliseconds later than
   * the send budget counted them (which, with several processes, bunches arrivals into a 429).
   */
  private async checkExpo(): Promise<void> {
    const outcome = await this.deps.transport.getReceipts([]);
    if (outcome.kind === 'receipts') return;
    if (outcome.status === 401 || outcome.status === 403) {
      this.deps.logger.error({ status: outcome.status, code: outcome.code }, 'Expo refused the access token: check PUSHGATE_EXPO_ACCESS_TOKEN');
    } else {
      this.deps.logger.warn({ status: outcome.status, code: outcome.code, message: outcome.message }, 'Expo did not answer a first check; sending will retry');
    }
  }

  /** Looks for due work now (called after this process queues something). */
  wake(): void {
    this.dispatcher.wake();
  }

  /**
   * Stops claiming new work and resolves once every in-flight Expo request has been answered and
   * recorded. Resolves at once when idle. Deliveries still queued stay queued for later.
   */
  shutdown(): Promise<void> {
    if (this.state === 'stopped') return this.stopping ?? Promise.resolve();
    if (this.state === 'stopping') return this.stopping!;
    this.state = 'stopping';
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.stopping = Promise.all([this.dispatcher.stop(), this.receipts.stop(), this.janitor.stop()]).then(async () => {
      // Only once nothing is in flight: until then this engine's claims are its own.
      await this.liveness.stop();
      this.state = 'stopped';
      this.deps.logger.debug('engine stopped');
    });
    return this.stopping;
  }

  /** Starts again after shutdown (once the drain has finished). */
  restart(): void {
    if (this.state === 'stopping') {
      void this.stopping!.then(() => this.start());
      return;
    }
    this.start();
  }

  /** Releases the Expo connection pool; call after shutdown when the instance is closed. */
  async dispose(): Promise<void> {
    await this.deps.transport.close();
  }

  /** Runs the janitor now. */
  purgeNow(now?: number): Promise<number> {
    return this.janitor.runOnce(now);
  }
}
