/**
 * One Pushgate process of the scale-out tests: opens the shared PostgreSQL schema, queues its
 * share of notifications through the library, prints `queued`, and keeps its engine running until
 * SIGTERM (then drains and exits 0) or SIGKILL.
 */
import { Pushgate } from '../../src/core/pushgate.js';
import { PostgresStore } from '../../src/store/postgres/index.js';
import { createLogger } from '../../src/util/logger.js';

const [url, schema, expoUrl, prefix, countArg, rateArg] = process.argv.slice(2);
const count = Number(countArg);
const store = new PostgresStore(url!, { schema: schema! });
const pushgate = await Pushgate.open({
  store,
  expo: { url: expoUrl!, timeoutMs: 5_000 },
  logger: createLogger('silent'),
  sendRatePerSecond: Number(rateArg),
  // Four processes and PostgreSQL share two cores here; measured, a request could reach the fake
  // up to ~200 ms after its grant while others queued. The window allows for that jitter.
  rateWindowMs: 1_300,
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
