/**
 * A library host for the fault suite: a process embedding Pushgate on PostgreSQL that keeps
 * queueing notifications (one every `intervalMs`, for users `<prefix>-0..n`) while the test cuts
 * its database. A send that fails is retried with the same idempotency key until it is accepted,
 * as an application would; each accepted id is printed as `accepted <id>`. Stops queueing on
 * `stop` on stdin, keeps its engine running until SIGTERM.
 */
import { createInterface } from 'node:readline';
import { Pushgate } from '../../src/core/pushgate.js';
import { createLogger } from '../../src/util/logger.js';

const [databaseUrl, expoUrl, prefix, usersArg, intervalArg] = process.argv.slice(2);
const users = Number(usersArg);
const intervalMs = Number(intervalArg ?? 20);

const pushgate = await Pushgate.open({
  databaseUrl: databaseUrl!,
  expo: { url: expoUrl!, timeoutMs: 5_000 },
  logger: createLogger('silent'),
  sendRatePerSecond: 0,
  receiptDelayMs: 100,
  retryBaseDelayMs: 50,
  retryMaxDelayMs: 500,
});

let queueing = true;
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'stop') queueing = false;
});
process.on('SIGTERM', () => {
  void pushgate.close().finally(() => process.exit(0));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
for (let n = 0; queueing; n++) {
  const userId = `${prefix}-${n % users}`;
  for (;;) {
    try {
      const id = await pushgate.sendPushNotification({
        userId,
        notification: { title: 'fault', data: { n, prefix } },
        idempotencyKey: `${prefix}:${n}`,
      });
      process.stdout.write(`accepted ${id}\n`);
      break;
    } catch {
      await sleep(100);
    }
  }
  await sleep(intervalMs);
}
process.stdout.write('stopped\n');
setInterval(() => {}, 60_000);
