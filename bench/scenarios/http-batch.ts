/** http_batch: POST /batch with 1,000 user ids per request; notifications/s queued. */
import { autocannon } from '../lib/load.js';
import { report, round, scenarioArgs, seedUsers } from '../lib/scenario.js';
import { BENCH_KEY, startBenchServer } from '../lib/server.js';

const args = scenarioArgs();
const IDS_PER_REQUEST = 1_000;
const server = await startBenchServer(args.store, args.latencyMs);
const userIds = await seedUsers(server.pushgate, IDS_PER_REQUEST);
const result = await autocannon({
  url: `${server.url}/api/v1/push-notifications/batch`,
  connections: 8,
  seconds: args.quick ? 3 : 10,
  headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_KEY}` },
  body: JSON.stringify({ user_ids: userIds, payload: { title: 'Renewal reminder', body: 'Expiring soon', data: { screen: 'c' } } }),
});
await server.close();
report({
  msgs_per_s: round(result.requests.average * IDS_PER_REQUEST),
  req_per_s: round(result.requests.average),
  p99_ms: result.latency.p99,
  non_2xx: result.non2xx,
});
