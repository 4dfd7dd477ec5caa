/**
 * http_batch: POST /batch with 1,000 user ids per request; notifications/s queued (median of three
 * rounds), and the ratio to a plain bulk insert of the same rows on a fresh database of the same
 * store (bench/lib/bulk-insert.ts).
 */
import { bulkInsertRate } from '../lib/bulk-insert.js';
import { autocannon } from '../lib/load.js';
import { median, report, round, roundsFor, scenarioArgs, seedUsers } from '../lib/scenario.js';
import { BENCH_KEY, startBenchServer } from '../lib/server.js';
import { dropFresh, freshDatabase, openFresh } from '../lib/stores.js';

const args = scenarioArgs();
const IDS_PER_REQUEST = 1_000;
const payload = { title: 'Renewal reminder', body: 'Expiring soon', data: { screen: 'c' } };
const server = await startBenchServer(args.store, args.latencyMs);
const userIds = await seedUsers(server.pushgate, IDS_PER_REQUEST);
const results = [];
for (let i = 0; i < roundsFor(args); i++) {
  results.push(
    await autocannon({
      url: `${server.url}/api/v1/push-notifications/batch`,
      connections: 8,
      seconds: args.quick ? 3 : 10,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_KEY}` },
      body: JSON.stringify({ user_ids: userIds, payload }),
    }),
  );
}
await server.close();

const baselineDb = freshDatabase(args.store);
await (await openFresh(baselineDb)).close();
const baseline = await bulkInsertRate(baselineDb, args.quick ? 50_000 : 300_000, payload);
await dropFresh(baselineDb);

const perRound = results.map((r) => r.requests.average * IDS_PER_REQUEST);
report({
  msgs_per_s: round(median(perRound)),
  baseline_rows_per_s: round(baseline),
  ratio: round(median(perRound) / baseline, 2),
  target: 'report the ratio',
  req_per_s: round(median(results.map((r) => r.requests.average))),
  p99_ms: median(results.map((r) => r.latency.p99)),
  rounds_msgs_per_s: perRound.map((n) => Math.round(n)).join(' '),
  non_2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
});
