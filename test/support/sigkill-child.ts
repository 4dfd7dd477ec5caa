/**
 * Child process for the SIGKILL fault test (test/faults/sigkill.sqlite.test.ts). `send` mode records tokens and queues notifications in
 * chunks, printing `accepted <n>` after each committed chunk (so the parent knows what was
 * accepted before the SIGKILL). `drain` mode only runs the engine until nothing is in progress.
 */
import { Pushgate } from '../../src/core/pushgate.js';
import { createLogger } from '../../src/util/logger.js';

const [mode, databaseUrl, expoUrl, totalArg] = process.argv.slice(2);
const total = Number(totalArg ?? 0);
const CHUNK = 500;

const pushgate = await Pushgate.open({
  databaseUrl: databaseUrl!,
  expo: { url: expoUrl!, timeoutMs: 2_000 },
  logger: createLogger('silent'),
  sendRatePerSecond: 0,
  receiptDelayMs: 100,
  retryBaseDelayMs: 50,
  retryMaxDelayMs: 200,
  concurrency: 4,
});

if (mode === 'send') {
  for (let start = 0; start < total; start += CHUNK) {
    const items = Array.from({ length: Math.min(CHUNK, total - start) }, (_, i) => {
      const n = start + i;
      return { userId: `crash-${n}`, pushToken: `ExponentPushToken[crash${n}]` };
    });
    await pushgate.recordTokens(items);
    await pushgate.sendPushNotificationBatch(items.map((item) => ({ userId: item.userId, notification: { title: 'crash', data: { n: item.userId } } })));
    process.stdout.write(`accepted ${start + items.length}\n`);
  }
  process.stdout.write('queued-all\n');
  setInterval(() => {}, 1_000); // the engine's timers do not hold the process open: keep sending until killed
} else {
  for (;;) {
    const stats = await pushgate.stats();
    const s = stats.deliveriesByState;
    if (s.queued + s.sending + s.retrying + s.sent === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  process.stdout.write('drained\n');
  await pushgate.close();
}
