/**
 * dispatch_uncapped: N queued notifications sent to a fake Expo with no rate limit until every
 * ticket is stored, against the official expo-server-sdk sending the same N messages (storing
 * nothing) to the same fake, in the same run.
 *
 * The two alternate for three rounds and the medians are reported: on this shared 2-core VM one
 * round's figures swing by 20% with the host's load, and alternating keeps both sides of the
 * ratio measured under the same conditions.
 */
import { spawnJson } from '../lib/child.js';
import { startFakeProcess } from '../lib/fake.js';
import { median, openBenchPushgate, report, round, roundsFor, scenarioArgs, seedUsers } from '../lib/scenario.js';

const args = scenarioArgs();
const total = args.quick ? 10_000 : 100_000;
const rounds = roundsFor(args);
const fake = await startFakeProcess({ latencyMs: args.latencyMs, rateLimit: 0 });

/** Pushgate: messages/s from restart until every ticket is applied (seeding and queuing not timed). */
async function pushgateRound(): Promise<number> {
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
  pushgate.restart();
  await done;
  const seconds = (performance.now() - started) / 1000;
  const stored = (await pushgate.stats()).deliveriesByState.sent;
  const accepted = (await fake.stats()).messagesAccepted;
  await bench.close();
  if (stored !== total || accepted !== total) throw new Error(`stored ${stored} tickets, fake accepted ${accepted}, of ${total}`);
  return total / seconds;
}

async function sdkRound(): Promise<number> {
  await fake.reset();
  const sdk = await spawnJson<{ msgs_per_s: number; accepted: number }>('bench/sdk-send.ts', [fake.url, String(total)]).first;
  if (sdk.accepted !== total) throw new Error(`the SDK got ${sdk.accepted} ok tickets of ${total}`);
  return sdk.msgs_per_s;
}

const ours: number[] = [];
const sdks: number[] = [];
for (let i = 0; i < rounds; i++) {
  ours.push(await pushgateRound());
  sdks.push(await sdkRound());
}
await fake.close();

const ratios = ours.map((value, i) => value / sdks[i]!);
report({
  msgs_per_s: round(median(ours)),
  sdk_msgs_per_s: round(median(sdks)),
  ratio: round(median(ratios), 2),
  rounds,
  ratio_range: `${round(Math.min(...ratios), 2)}-${round(Math.max(...ratios), 2)}`,
  rounds_ratio: ratios.map((r) => round(r, 3)).join(' '),
  rounds_msgs_per_s: ours.map((v) => Math.round(v)).join(' '),
  rounds_sdk_msgs_per_s: sdks.map((v) => Math.round(v)).join(' '),
  messages: total,
});
