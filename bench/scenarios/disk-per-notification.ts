/**
 * disk_per_notification: bytes the database grows by per stored notification (one device, typical
 * content), sent one by one (each its own content) and as a fan-out (one content to every
 * recipient). SQLite: the file after a full checkpoint; PostgreSQL: the schema's tables with
 * their indexes and TOAST.
 */
import { openBenchPushgate, report, round, scenarioArgs, seedUsers } from '../lib/scenario.js';
import { databaseBytes } from '../lib/size.js';

const args = scenarioArgs();
const count = args.quick ? 5_000 : 20_000;
const bench = await openBenchPushgate(args.store, { runEngine: false, expo: { url: 'http://127.0.0.1:9' } });
const { pushgate } = bench;
const userIds = await seedUsers(pushgate, count);
const content = (i: number) => ({
  title: 'Certification expiring soon',
  body: 'Your Peer Mentor Level 2 certification expires in 14 days. Please renew.',
  data: { screen: 'certifications', mentor_id: `mentor-${i}` },
});

const before = await databaseBytes(bench.db);
for (let start = 0; start < count; start += 500) {
  await pushgate.sendPushNotificationBatch(userIds.slice(start, start + 500).map((userId, k) => ({ userId, notification: content(start + k) })));
}
const afterSingles = await databaseBytes(bench.db);
await pushgate.sendToUsers({ userIds, notification: content(0) });
const afterFanOut = await databaseBytes(bench.db);
await bench.close();

report({
  bytes_per_single: round((afterSingles - before) / count, 0),
  bytes_per_fanout_recipient: round((afterFanOut - afterSingles) / count, 0),
  target: 'report it',
  notifications: count,
});
