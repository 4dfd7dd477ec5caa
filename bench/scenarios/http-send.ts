/**
 * http_send: POST /api/v1/push-notifications with 64 connections for 10 s; requests/s and p99,
 * and the ratio to a bare Fastify route taking the same body with the same load
 * (bench/lib/bare-server.ts). The two alternate for three rounds; the medians are reported.
 */
import { startBareServer } from '../lib/bare-server.js';
import { autocannon, type LoadResult } from '../lib/load.js';
import { median, report, round, roundsFor, scenarioArgs, seedUsers } from '../lib/scenario.js';
import { BENCH_KEY, startBenchServer } from '../lib/server.js';

const args = scenarioArgs();
const USERS = 1_000;
const body = JSON.stringify({ user_id: 'u7', title: 'Certification expiring soon', body: 'Please renew.', data: { screen: 'x' } });
const load = (url: string): Promise<LoadResult> =>
  autocannon({
    url: `${url}/api/v1/push-notifications`,
    connections: 64,
    seconds: args.quick ? 3 : 10,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_KEY}` },
    body,
  });

const server = await startBenchServer(args.store, args.latencyMs);
await seedUsers(server.pushgate, USERS);
const bare = await startBareServer();
const ours: LoadResult[] = [];
const bares: LoadResult[] = [];
for (let i = 0; i < roundsFor(args); i++) {
  ours.push(await load(server.url));
  bares.push(await load(bare.url));
}
await bare.close();
await server.close();
const ratios = ours.map((r, i) => r.requests.average / bares[i]!.requests.average);
report({
  req_per_s: round(median(ours.map((r) => r.requests.average))),
  bare_req_per_s: round(median(bares.map((r) => r.requests.average))),
  ratio: round(median(ratios), 2),
  target: 'ratio >= 0.33, p99 <= 50 ms',
  p50_ms: median(ours.map((r) => r.latency.p50)),
  p99_ms: median(ours.map((r) => r.latency.p99)),
  rounds_ratio: ratios.map((r) => round(r, 3)).join(' '),
  rounds_req_per_s: ours.map((r) => Math.round(r.requests.average)).join(' '),
  non_2xx: ours.reduce((sum, r) => sum + r.non2xx, 0),
  errors: ours.reduce((sum, r) => sum + r.errors, 0),
});
