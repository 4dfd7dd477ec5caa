/**
 * retention_under_load: a million notifications past retention are deleted by the janitor while
 * single sends go out on an idle schedule; their latency (send call returned -> the fake received
 * the message) during the janitor run against without it, and the janitor's pace.
 */
import { bulkInsertRate } from '../lib/bulk-insert.js';
import { startFakeProcess } from '../lib/fake.js';
import { openBenchPushgate, percentile, report, round, scenarioArgs, seedUsers } from '../lib/scenario.js';

const args = scenarioArgs();
const expired = args.quick ? 100_000 : 1_000_000;
const sends = args.quick ? 60 : 150;
const SPACING_MS = 60;
const DAY = 86_400_000;
const fake = await startFakeProcess({ latencyMs: 0, rateLimit: 0 });
const bench = await openBenchPushgate(args.store, {
  sendRatePerSecond: 600,
  retentionMs: DAY,
  janitorIntervalMs: 3_600_000,
  expo: { url: fake.url },
});
const { pushgate } = bench;
const userIds = await seedUsers(pushgate, sends * 2);
await bulkInsertRate(bench.db, expired, { title: 'old', body: 'delivered long ago' }, { at: Date.now() - 40 * DAY });

/** p99 latency of `count` single sends, one every SPACING_MS, to users from `offset`. */
async function latencies(offset: number): Promise<{ p50: number; p99: number }> {
  await fake.reset();
  const returned: number[] = [];
  for (const userId of userIds.slice(offset, offset + sends)) {
    await pushgate.sendPushNotification({ userId, notification: { title: 'ping' } });
    returned.push(performance.timeOrigin + performance.now());
    await new Promise((resolve) => setTimeout(resolve, SPACING_MS));
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  const { timeline } = await fake.stats();
  if (timeline.length !== sends) throw new Error(`expected ${sends} requests at the fake, saw ${timeline.length}`);
  const sorted = timeline.map((entry, i) => Math.max(0, entry.at - returned[i]!)).sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

const quiet = await latencies(0);
const started = performance.now();
let purgeSeconds = 0;
const purging = pushgate.engine!.purgeNow().then((deleted) => {
  purgeSeconds = (performance.now() - started) / 1000;
  return deleted;
});
const busy = await latencies(sends);
const deleted = await purging;
await bench.close();
await fake.close();
if (deleted < expired) throw new Error(`the janitor deleted ${deleted} of ${expired}`);
report({
  p99_ms: round(busy.p99, 2),
  quiet_p99_ms: round(quiet.p99, 2),
  ratio: round(busy.p99 / Math.max(quiet.p99, 0.5), 2),
  target: 'ratio <= 2 (p99 while the janitor deletes, against without)',
  p50_ms: round(busy.p50, 2),
  janitor_rows_per_s: round(deleted / purgeSeconds),
  janitor_seconds: round(purgeSeconds, 1),
  deleted,
});
