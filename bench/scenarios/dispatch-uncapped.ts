/**
 * dispatch_uncapped: N queued notifications sent to a fake Expo with no rate limit until every
 * ticket is stored, against the official expo-server-sdk sending the same N messages (storing
 * nothing) to the same fake, in the same run.
 *
 * The two alternate for three rounds and the medians are reported: on this shared 2-core VM one
 * round's figures swing by 20% with the host's load, and alternating keeps both sides of the
 * ratio measured under the same conditions. Also the CPU time per delivered message (this
 * process, plus the PostgreSQL server on that store): a figure that moves less with the host's
 * load than a rate. Run with `--latency-ms 150` for Expo's real round trip (the runner's
 * dispatch_uncapped_150ms).
 */
import { spawnJson } from '../lib/child.js';
import { ownCpuUs, postgresCpuUs } from '../lib/cpu.js';
import { startFakeProcess } from '../lib/fake.js';
import { median, openBenchPushgate, report, round, roundsFor, scenarioArgs, seedUsers } from '../lib/scenario.js';

const args = scenarioArgs();
const total = args.quick ? 10_000 : 100_000;
const rounds = roundsFor(args);
const fake = await startFakeProcess({ latencyMs: args.latencyMs, rateLimit: 0 });

/** Pushgate: messages/s from restart until every ticket is applied (seeding and queuing not timed), and CPU µs per message. */
async function pushgateRound(): Promise<{ rate: number; cpuUs: number }> {
  const bench = await openBenchPushgate(args.store, { sendRatePerSecond: 0, expo: { url: fake.url } });
  const { pushgate } = bench;
  await pushgate.shutdown();
  const userIds = await seedUsers(pushgate, total);
  await pushgate.sendToUsers({ userIds, notification: { title: 'bench', body: 'uncapped', data: { n: 1 } } });
  let applied = 0;
  const done = new Promise<void>((resolve) => {
    pushgate.engine!.on('applied', (ids) => {
      applied += ids.size;
      if (applied >= total) resolve();
    });
  });
  await fake.reset();
  const started = performance.now();
  const cpuBefore = ownCpuUs() + (args.store === 'postgres' ? postgresCpuUs() : 0);
  pushgate.restart();
  await done;
  const seconds = (performance.now() - started) / 1000;
  const cpuUs = ownCpuUs() + (args.store === 'postgres' ? postgresCpuUs() : 0) - cpuBefore;
  const stored = (await pushgate.stats()).deliveriesByState.sent;
  const accepted = (await fake.stats()).messagesAccepted;
  await bench.close();
  if (stored !== total || accepted !== total) throw new Error(`stored ${stored} tickets, fake accepted ${accepted}, of ${total}`);
  return { rate: total / seconds, cpuUs: cpuUs / total };
}

async function sdkRound(): Promise<number> {
  await fake.reset();
  const sdk = await spawnJson<{ msgs_per_s: number; accepted: number }>('bench/sdk-send.ts', [fake.url, String(total)]).first;
  if (sdk.accepted !== total) throw new Error(`the SDK got ${sdk.accepted} ok tickets of ${total}`);
  return sdk.msgs_per_s;
}

const ours: number[] = [];
const cpu: number[] = [];
const sdks: number[] = [];
for (let i = 0; i < rounds; i++) {
  const result = await pushgateRound();
  ours.push(result.rate);
  cpu.push(result.cpuUs);
  sdks.push(await sdkRound());
}
await fake.close();

const ratios = ours.map((value, i) => value / sdks[i]!);
report({
  msgs_per_s: round(median(ours)),
  sdk_msgs_per_s: round(median(sdks)),
  ratio: round(median(ratios), 2),
  target: args.latencyMs > 20 ? 'report it' : args.store === 'postgres' ? 'ratio >= 1.0 in every round' : 'ratio >= 1.3 in every round',
  cpu_us_per_msg: round(median(cpu)),
  expo_latency_ms: args.latencyMs,
  rounds,
  ratio_range: `${round(Math.min(...ratios), 2)}-${round(Math.max(...ratios), 2)}`,
  rounds_ratio: ratios.map((r) => round(r, 3)).join(' '),
  rounds_msgs_per_s: ours.map((v) => Math.round(v)).join(' '),
  rounds_sdk_msgs_per_s: sdks.map((v) => Math.round(v)).join(' '),
  messages: total,
});
