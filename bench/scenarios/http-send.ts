/** http_send: POST /api/v1/push-notifications with 64 connections for 10 s; requests/s and p99. */
import { autocannon } from '../lib/load.js';
import { report, round, scenarioArgs, seedUsers } from '../lib/scenario.js';
import { BENCH_KEY, startBenchServer } from '../lib/server.js';

const args = scenarioArgs();
const USERS = 1_000;
const server = await startBenchServer(args.store, args.latencyMs);
await seedUsers(server.pushgate, USERS);
const result = await autocannon({
  url: `${server.url}/api/v1/push-notifications`,
  connections: 64,
  seconds: args.quick ? 3 : 10,
  headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_KEY}` },
  body: JSON.stringify({ user_id: 'u7', title: 'Certification expiring soon', body: 'Please renew.', data: { screen: 'x' } }),
});
await server.close();
report({
  req_per_s: round(result.requests.average),
  p50_ms: result.latency.p50,
  p99_ms: result.latency.p99,
  non_2xx: result.non2xx,
  errors: result.errors,
});
