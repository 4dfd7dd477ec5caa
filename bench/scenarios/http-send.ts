/**
 * http_send: POST /api/v1/push-notifications with 64 connections for 10 s; requests/s and p99.
 * Three rounds on one server; the medians are reported.
 */
import { autocannon } from '../lib/load.js';
import { median, report, round, roundsFor, scenarioArgs, seedUsers } from '../lib/scenario.js';
import { BENCH_KEY, startBenchServer } from '../lib/server.js';

const args = scenarioArgs();
const USERS = 1_000;
const server = await startBenchServer(args.store, args.latencyMs);
await seedUsers(server.pushgate, USERS);
const results = [];
for (let i = 0; i < roundsFor(args); i++) {
  results.push(
    await autocannon({
      url: `${server.url}/api/v1/push-notifications`,
      connections: 64,
      seconds: args.quick ? 3 : 10,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_KEY}` },
      body: JSON.stringify({ user_id: 'u7', title: 'Certification expiring soon', body: 'Please renew.', data: { screen: 'x' } }),
    }),
  );
}
await server.close();
report({
  req_per_s: round(median(results.map((r) => r.requests.average))),
  p50_ms: median(results.map((r) => r.latency.p50)),
  p99_ms: median(results.map((r) => r.latency.p99)),
  rounds_req_per_s: results.map((r) => Math.round(r.requests.average)).join(' '),
  non_2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
  errors: results.reduce((sum, r) => sum + r.errors, 0),
});
