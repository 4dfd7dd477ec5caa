/**
 * enqueue_fanout: 1,000,000 recipients with one device each, queued through the library's batch
 * API (sendToUsers); notifications/s queued and the process's peak RSS, and the ratio to a plain
 * bulk insert of the same rows on a fresh database of the same store (bench/lib/bulk-insert.ts).
 */
import { bulkInsertRate } from '../lib/bulk-insert.js';
import { openBenchPushgate, report, round, scenarioArgs, seedUsers } from '../lib/scenario.js';
import { dropFresh, freshDatabase, openFresh } from '../lib/stores.js';

const args = scenarioArgs();
const total = args.quick ? 100_000 : 1_000_000;
const content = { title: 'fan-out', body: 'to everyone' };
const bench = await openBenchPushgate(args.store, { runEngine: false, expo: { url: 'http://127.0.0.1:9' } });
const userIds = await seedUsers(bench.pushgate, total);
const started = performance.now();
const result = await bench.pushgate.sendToUsers({ userIds, notification: content });
const seconds = (performance.now() - started) / 1000;
const peakRssMb = process.resourceUsage().maxRSS / 1024;
await bench.close();
if (result.queued !== total) throw new Error(`queued ${result.queued} of ${total}`);

const baselineDb = freshDatabase(args.store);
await (await openFresh(baselineDb)).close();
const baseline = await bulkInsertRate(baselineDb, total, content);
await dropFresh(baselineDb);

const rate = total / seconds;
report({
  msgs_per_s: round(rate),
  baseline_rows_per_s: round(baseline),
  ratio: round(rate / baseline, 2),
  target: 'ratio >= 0.5, peak RSS <= 400 MB',
  peak_rss_mb: round(peakRssMb),
  recipients: total,
  seconds: round(seconds, 2),
});
