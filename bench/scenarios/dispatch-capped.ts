/**
 * dispatch_capped: a fake enforcing Expo's 600 messages/s per project; how much of the limit
 * Pushgate uses over the run, and how many 429 answers it provoked.
 */
import { startFakeProcess } from '../lib/fake.js';
import { openBenchPushgate, report, round, scenarioArgs, seedUsers } from '../lib/scenario.js';

const args = scenarioArgs();
const RATE = 600;
const seconds = args.quick ? 6 : 30;
const total = Math.ceil(RATE * seconds * 1.3);
const fake = await startFakeProcess({ latencyMs: args.latencyMs, rateLimit: RATE });
const bench = await openBenchPushgate(args.store, { sendRatePerSecond: RATE, expo: { url: fake.url } });
const { pushgate } = bench;
await pushgate.shutdown();
const userIds = await seedUsers(pushgate, total);
await pushgate.sendToUsers({ userIds, notification: { title: 'bench', body: 'capped' } });
pushgate.restart();
await new Promise((resolve) => setTimeout(resolve, (seconds + 2) * 1000));
const stats = await fake.stats();
await bench.close();
await fake.close();

// Utilisation over `seconds` from the first accepted request (ramp-up included).
const first = stats.timeline[0]?.at ?? 0;
const inWindow = stats.timeline.filter((e) => e.at < first + seconds * 1000).reduce((sum, e) => sum + e.count, 0);
let maxWindow = 0;
for (const entry of stats.timeline) {
  const count = stats.timeline.filter((e) => e.at > entry.at - 1000 && e.at <= entry.at).reduce((s, e) => s + e.count, 0);
  maxWindow = Math.max(maxWindow, count);
}
report({
  utilization: round(inWindow / (RATE * seconds), 3),
  msgs_per_s: round(inWindow / seconds),
  http_429: stats.http429,
  max_in_1s_window: maxWindow,
  limit: RATE,
  seconds,
});
