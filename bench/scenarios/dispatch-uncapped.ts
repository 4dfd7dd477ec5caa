/**
 * dispatch_uncapped: N queued notifications sent to a fake Expo with no rate limit until every
 * ticket is stored, against the official expo-server-sdk sending the same N messages (storing
 * nothing) to the same fake, in the same run.
 */
import { spawnJson } from '../lib/child.js';
import { startFakeProcess } from '../lib/fake.js';
import { openBenchPushgate, report, round, scenarioArgs, seedUsers } from '../lib/scenario.js';

const args = scenarioArgs();
const total = args.quick ? 10_000 : 100_000;
const fake = await startFakeProcess({ latencyMs: args.latencyMs, rateLimit: 0 });
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
const started = performance.now();
pushgate.restart();
await done;
const seconds = (performance.now() - started) / 1000;
const stored = (await pushgate.store.stats(Date.now())).deliveriesByState.sent;
const accepted = (await fake.stats()).messagesAccepted;
await bench.close();

await fake.reset();
const sdk = spawnJson<{ msgs_per_s: number; accepted: number }>('bench/sdk-send.ts', [fake.url, String(total)]);
const sdkResult = await sdk.first;
await fake.close();

const msgsPerS = total / seconds;
report({
  msgs_per_s: round(msgsPerS),
  sdk_msgs_per_s: round(sdkResult.msgs_per_s),
  ratio: round(msgsPerS / sdkResult.msgs_per_s, 2),
  messages: total,
  tickets_stored: stored,
  fake_accepted: accepted,
});
