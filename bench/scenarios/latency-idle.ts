/**
 * latency_idle: single sends spaced out on an idle service; time from the send call returning to
 * the fake receiving the message (no batching delay by design).
 */
import { startFakeProcess } from '../lib/fake.js';
import { openBenchPushgate, percentile, report, round, scenarioArgs, seedUsers } from '../lib/scenario.js';

const args = scenarioArgs();
const sends = args.quick ? 50 : 200;
const SPACING_MS = 60;
// Latency of the fake is not what is measured here: answer at once.
const fake = await startFakeProcess({ latencyMs: 0, rateLimit: 0 });
const bench = await openBenchPushgate(args.store, { sendRatePerSecond: 600, expo: { url: fake.url } });
const { pushgate } = bench;
const userIds = await seedUsers(pushgate, sends);
const returned: number[] = [];
for (const userId of userIds) {
  await pushgate.sendPushNotification({ userId, notification: { title: 'ping' } });
  returned.push(performance.timeOrigin + performance.now());
  await new Promise((resolve) => setTimeout(resolve, SPACING_MS));
}
await new Promise((resolve) => setTimeout(resolve, 500));
const { timeline } = await fake.stats();
await bench.close();
await fake.close();
if (timeline.length !== sends) throw new Error(`expected ${sends} requests at the fake, saw ${timeline.length}`);
const latencies = timeline.map((entry, i) => Math.max(0, entry.at - returned[i]!)).sort((a, b) => a - b);
report({ p50_ms: round(percentile(latencies, 50), 2), p99_ms: round(percentile(latencies, 99), 2), sends });
