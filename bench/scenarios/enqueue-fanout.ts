/**
 * enqueue_fanout: 1,000,000 recipients with one device each, queued through the library's batch
 * API (sendToUsers); notifications/s queued and the process's peak RSS.
 */
import { openBenchPushgate, report, round, scenarioArgs, seedUsers } from '../lib/scenario.js';

const args = scenarioArgs();
const total = args.quick ? 100_000 : 1_000_000;
const bench = await openBenchPushgate(args.store, { runEngine: false, expo: { url: 'http://127.0.0.1:9' } });
const userIds = await seedUsers(bench.pushgate, total);
const started = performance.now();
const result = await bench.pushgate.sendToUsers({ userIds, notification: { title: 'fan-out', body: 'to everyone' } });
const seconds = (performance.now() - started) / 1000;
const peakRssMb = process.resourceUsage().maxRSS / 1024;
await bench.close();
if (result.queued !== total) throw new Error(`queued ${result.queued} of ${total}`);
report({ msgs_per_s: round(total / seconds), peak_rss_mb: round(peakRssMb), recipients: total, seconds: round(seconds, 2) });
