/**
 * Quick measurement of the SQLite fan-out hot path: N users with D devices each, all queued in one
 * enqueueNotifications call on a temp file, three rounds (fresh file each). Then 50 claims of 100.
 *   npx tsx test/store/enqueue-bench.ts [users=100000] [devicesPerUser=1]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/store/sqlite/index.js';
import type { NewNotification } from '../../src/store/store.js';

const users = Number(process.argv[2] ?? 100_000);
const devicesPerUser = Number(process.argv[3] ?? 1);
const userIds = Array.from({ length: users }, (_, i) => `user-${i}`);
const rates: number[] = [];

for (let round = 1; round <= 3; round++) {
  const dir = mkdtempSync(join(tmpdir(), 'pushgate-bench-'));
  const store = new SqliteStore(join(dir, 'bench.db'));
  try {
    await store.migrate();
    const now = Date.now();
    await store.recordTokens(
      userIds.flatMap((userId, i) => Array.from({ length: devicesPerUser }, (_, k) => ({ userId, token: `ExponentPushToken[bench-${i}-${k}]` }))),
      now,
    );
    const content = { title: 'Hello', body: 'A fan-out to every user', data: { url: '/news/1' } };
    // Ids made up front, as the caller does (core/pushgate.ts), so only the store is measured.
    const items: NewNotification[] = userIds.map((userId, i) => ({ id: `ntf_${round}${String(i).padStart(13, '0')}`, userId, content }));
    const started = performance.now();
    const outcomes = await store.enqueueNotifications(items, now);
    const ms = performance.now() - started;
    if (outcomes.some((o) => o.kind !== 'queued')) throw new Error('not everything was queued');
    rates.push((users / ms) * 1000);
    console.log(`round ${round}: ${users} notifications (${devicesPerUser} device(s) each) in ${ms.toFixed(0)} ms = ${Math.round(rates.at(-1)!)}/s`);
    if (round === 3) {
      const claimStarted = performance.now();
      for (let i = 0; i < 50; i++) await store.claimDueDeliveries({ owner: 'bench', now, leaseMs: 60_000, limit: 100 });
      console.log(`claim of 100 from the backlog: ${((performance.now() - claimStarted) / 50).toFixed(2)} ms`);
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(`best ${Math.round(Math.max(...rates))}/s, median ${Math.round(rates.sort((a, b) => a - b)[1]!)}/s`);
