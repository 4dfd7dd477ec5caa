/**
 * `GET /metrics` in Prometheus text format, from a registry of this server's own (so several
 * servers in one process never share or clash). Queue gauges are read from the store at each
 * scrape; Expo request and rate-limit counters come from the engine's events; HTTP latency from
 * every answered request.
 */
import type { EventEmitter } from 'node:events';
import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Pushgate } from '../core/pushgate.js';
import { DELIVERY_STATES, NOTIFICATION_STATUSES } from '../domain/states.js';
import type { Logger } from '../util/logger.js';

const label = (value: unknown, fallback: string) => (typeof value === 'string' && value.length > 0 ? value.slice(0, 64) : fallback);
const finite = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0);

/** Adds the route and the hooks to `app` itself (not a child context): the latency hook must see every route. */
export function registerMetrics(app: FastifyInstance, pushgate: Pushgate, logger: Logger): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'pushgate_' });

  const notifications = new Gauge({ name: 'pushgate_notifications', help: 'Notifications by status', labelNames: ['status'], registers: [registry] });
  const deliveries = new Gauge({ name: 'pushgate_deliveries', help: 'Deliveries (one per device) by state', labelNames: ['state'], registers: [registry] });
  const queueDepth = new Gauge({ name: 'pushgate_queue_depth', help: 'Deliveries queued or retrying (waiting to be sent)', registers: [registry] });
  const oldest = new Gauge({
    name: 'pushgate_oldest_queued_age_seconds',
    help: 'Age of the oldest queued or retrying delivery that is due (0 when none)',
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'pushgate_http_request_duration_seconds',
    help: 'HTTP request latency by route template',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const expoRequests = new Counter({
    name: 'pushgate_expo_requests_total',
    help: 'Expo /push/send requests by outcome',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const expoMessages = new Counter({
    name: 'pushgate_expo_messages_total',
    help: 'Messages carried by Expo /push/send requests, by outcome',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const expoDuration = new Histogram({
    name: 'pushgate_expo_request_duration_seconds',
    help: 'Expo /push/send latency by outcome',
    labelNames: ['outcome'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const receiptRequests = new Counter({
    name: 'pushgate_expo_receipt_requests_total',
    help: 'Expo /push/getReceipts requests by outcome',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const rateWaits = new Counter({
    name: 'pushgate_rate_limit_waits_total',
    help: 'Times the dispatcher waited for the per-project send budget',
    labelNames: ['project'],
    registers: [registry],
  });
  const rateWaitSeconds = new Counter({
    name: 'pushgate_rate_limit_wait_seconds_total',
    help: 'Time the dispatcher waited for the send budget',
    labelNames: ['project'],
    registers: [registry],
  });
  const sendRate = new Gauge({
    name: 'pushgate_send_rate_per_second',
    help: 'Messages per second this process sends at: `default` for every project at the configured rate (0: no limit), and each project Expo answered 429 with its lowered rate',
    labelNames: ['project'],
    registers: [registry],
  });
  const configuredRate = pushgate.config.sendRatePerSecond;
  sendRate.set({ project: 'default' }, configuredRate);
  // Every series exists from the first scrape, at zero.
  for (const status of NOTIFICATION_STATUSES) notifications.set({ status }, 0);
  for (const state of DELIVERY_STATES) deliveries.set({ state }, 0);

  // The engine (an EventEmitter) may be absent, or emit events of a shape we do not expect:
  // a bad event must never break sending, so every listener is guarded.
  const engine = pushgate.engine as unknown as EventEmitter | null;
  const guard =
    <T>(fn: (event: T) => void) =>
    (event: T) => {
      try {
        if (event && typeof event === 'object') fn(event);
      } catch (error) {
        logger.debug({ err: error }, 'metrics: ignored a malformed engine event');
      }
    };
  // biome-ignore lint/suspicious/noExplicitAny: event payloads are checked by guard()
  const listeners: [string, (event: any) => void][] = [
    [
      'expoRequest',
      guard((e: { outcome?: unknown; messages?: unknown; durationMs?: unknown }) => {
        const outcome = label(e.outcome, 'unknown');
        expoRequests.inc({ outcome });
        expoMessages.inc({ outcome }, finite(e.messages));
        expoDuration.observe({ outcome }, finite(e.durationMs) / 1000);
      }),
    ],
    [
      'rateLimitWait',
      guard((e: { project?: unknown; waitMs?: unknown }) => {
        const project = label(e.project, 'default');
        rateWaits.inc({ project });
        rateWaitSeconds.inc({ project }, finite(e.waitMs) / 1000);
      }),
    ],
    ['receiptRequest', guard((e: { outcome?: unknown }) => receiptRequests.inc({ outcome: label(e.outcome, 'unknown') }))],
  ];
  if (engine && typeof engine.on === 'function' && typeof engine.off === 'function') {
    for (const [name, listener] of listeners) engine.on(name, listener);
    app.addHook('onClose', async () => {
      for (const [name, listener] of listeners) engine.off(name, listener);
    });
  }

  app.addHook('onResponse', async (request, reply) => {
    httpDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  app.get('/metrics', { config: { tag: 'operations', summary: 'Prometheus metrics (text format)' } }, async (_request, reply) => {
    const now = Date.now();
    const stats = await pushgate.stats();
    for (const status of NOTIFICATION_STATUSES) notifications.set({ status }, stats.notificationsByStatus[status] ?? 0);
    for (const state of DELIVERY_STATES) deliveries.set({ state }, stats.deliveriesByState[state] ?? 0);
    queueDepth.set((stats.deliveriesByState.queued ?? 0) + (stats.deliveriesByState.retrying ?? 0));
    oldest.set(stats.oldestDueAt === null ? 0 : Math.max(0, now - stats.oldestDueAt) / 1000);
    sendRate.reset();
    sendRate.set({ project: 'default' }, configuredRate);
    for (const [project, rate] of pushgate.engine?.sendRates() ?? []) sendRate.set({ project: label(project, 'unknown') }, rate);
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
