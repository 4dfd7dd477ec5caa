/**
 * One Pushgate process of the scale-out tests: opens the shared PostgreSQL schema, queues its
 * share of notifications through the library, prints `queued`, and keeps its engine running until
 * SIGTERM (then drains and exits 0) or SIGKILL.
 */
import { Pushgate } from '../../src/core/pushgate.js';
import { createPostgresStore } from '../../src/store/postgres/index.js';
import { createLogger } from '../../src/util/logger.js';

const [url, schema, expoUrl, prefix, countArg, rateArg] = process.argv.slice(2);
const count = Number(countArg);
const store = createPostgresStore(url!, { schema: schema! });
const pushgate = await Pushgate.open({
  store,
  expo: { url: expoUrl!, timeoutMs: 5_000 },
  logger: createLogger('silent'),
  sendRatePerSecond: Number(rateArg),
  // Three engines, PostgreSQL and the fake share two cores here: a request can reach the fake a
  // few hundred ms after its grant (seen: >300 ms once in a clean-clone run), so the window is
  // widened. Expo's own limit is a token bucket, which such jitter never trips (no 429 here).
  rateWindowMs: 1_500,
  concurrency: 4,
  leaseMs: 5_000,
  receiptDelayMs: 3_600_000,
});
process.once('SIGTERM', () => void pushgate.close().then(() => process.exit(0)));

const CHUNK = 1_000;
for (let start = 0; start < count; start += CHUNK) {
  const users = Array.from({ length: Math.min(CHUNK, count - start) }, (_, i) => ({
    userId: `${prefix}-${start + i}`,
    pushToken: `ExponentPushToken[${prefix}x${start + i}]`,
  }));
  await pushgate.recordTokens(users);
  await pushgate.sendPushNotificationBatch(users.map((u) => ({ userId: u.userId, notification: { title: 'scale', data: { u: u.userId } } })));
}
process.stdout.write('queued\n');
