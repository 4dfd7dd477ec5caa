import { afterEach, describe, expect, it } from 'vitest';
import { eventually, type Harness, startHarness, token } from './support/harness.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function queue(count: number, prefix = 'u') {
  const users = Array.from({ length: count }, (_, i) => ({ userId: `${prefix}-${i}`, pushToken: token() }));
  await h.pushgate.recordTokens(users);
  return h.pushgate.sendToUsers({ userIds: users.map((u) => u.userId), notification: { title: 'x' } });
}

describe('shutdown and restart', () => {
  it('shuts down at once when idle, and restarts', async () => {
    h = await startHarness();
    await h.pushgate.shutdown();
    expect(h.pushgate.engine!.running).toBe(false);
    await queue(3);
    await new Promise((r) => setTimeout(r, 150));
    expect(h.fake.stats().messagesAccepted).toBe(0);
    h.pushgate.restart();
    await eventually(() => h.fake.stats().messagesAccepted === 3, 'sent after restart');
  });

  it('drains in-flight requests on shutdown when busy; nothing is left sending; restart finishes the rest', async () => {
    h = await startHarness({ concurrency: 2 }, { latencyMs: 300 });
    const { total } = await queue(1000);
    await eventually(() => h.pushgate.engine!.inFlight > 0, 'requests in flight');
    await h.pushgate.shutdown();
    expect(h.pushgate.engine!.inFlight).toBe(0);
    const stats = await h.store.stats(Date.now());
    expect(stats.deliveriesByState.sending).toBe(0);
    const accepted = h.fake.stats().messagesAccepted;
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThan(total);
    expect(stats.deliveriesByState.sent + stats.deliveriesByState.delivered).toBe(accepted);
    h.pushgate.restart();
    await eventually(() => h.fake.stats().messagesAccepted === total, 'all sent after restart', 30_000);
    expect(h.fake.stats().duplicates).toBe(0);
  });

  it('close() drains and closes; further calls throw Closed', async () => {
    h = await startHarness();
    await h.pushgate.recordToken({ userId: 'u', pushToken: token() });
    await h.pushgate.sendPushNotification({ userId: 'u', notification: { title: 'x' } });
    await h.pushgate.close();
    await expect(h.pushgate.getStatusForUser({ userId: 'u' })).rejects.toMatchObject({ code: 'Closed' });
  });
});

describe('leases', () => {
  it('recovers deliveries a dead process claimed: unsent ones are resent, started ones become maybe_delivered', async () => {
    h = await startHarness({ leaseMs: 1_000 });
    await h.pushgate.shutdown();
    await queue(4);
    const store = h.store;
    const claimed = await store.claimDueDeliveries({ owner: 'dead-process', now: Date.now(), leaseMs: 1_000, limit: 4 });
    expect(claimed).toHaveLength(4);
    await store.startRequest({ deliveryIds: [claimed[0]!.id], owner: 'dead-process', leaseMs: 1_000, budget: null });
    h.pushgate.restart();
    await eventually(() => h.fake.stats().messagesAccepted === 3, 'three resent after lease expiry');
    // The started one's lease runs a little longer than the others' (it was extended when marked).
    const started = await eventually(async () => {
      const n = (await store.getNotification(claimed[0]!.notificationId))!;
      return n.deliveries[0]!.state === 'sending' ? null : n;
    }, 'the started delivery recovered');
    expect(started.deliveries[0]!.state).toBe('maybe_delivered');
    expect(started.deliveries[0]!.errorCode).toBe('LeaseExpired');
  });

  it('keeps its claims while waiting for send budget longer than the lease: nothing recovered, nothing sent twice', async () => {
    // 400 rows claimed at once but only 100/s granted: the last requests wait ~3 s, past the 1 s
    // lease. Waiting extends the lease, and every claim has its own owner, so even a recovered
    // and re-claimed row could only be started by the new claim.
    h = await startHarness({ leaseMs: 1_000, sendRatePerSecond: 100, concurrency: 4 });
    const { total } = await queue(500);
    await eventually(() => h.fake.stats().messagesAccepted >= total, 'all sent', 30_000);
    await eventually(async () => (await h.store.stats(Date.now())).deliveriesByState.sending === 0, 'nothing sending');
    expect(h.fake.stats().duplicates).toBe(0);
    expect(h.fake.stats().messagesAccepted).toBe(total);
    const s = (await h.store.stats(Date.now())).deliveriesByState;
    expect(s.sent + s.delivered).toBe(total);
    expect(s.maybe_delivered).toBe(0);
  });
});

describe('janitor', () => {
  it('purges finished notifications older than retention and keeps unfinished ones', async () => {
    h = await startHarness({ retentionMs: 1_000 });
    await queue(3, 'done');
    await eventually(async () => (await h.store.stats(Date.now())).deliveriesByState.delivered === 3, 'delivered');
    await h.pushgate.shutdown();
    await queue(2, 'pending');
    const purged = await h.pushgate.engine!.purgeNow(Date.now() + 5_000);
    expect(purged).toBe(3);
    const stats = await h.store.stats(Date.now());
    expect(stats.deliveriesByState.delivered).toBe(0);
    expect(stats.deliveriesByState.queued).toBe(2);
  });

  it('deletes saved Idempotency-Key answers past their 24 h window, also when retention is off', async () => {
    h = await startHarness({ retentionMs: 0 });
    const now = Date.now();
    await h.store.saveIdempotentResponse('POST /x', 'stale', { status: 201, body: { id: 1 } }, now - 25 * 3_600_000);
    await h.store.saveIdempotentResponse('POST /x', 'fresh', { status: 201, body: { id: 2 } }, now - 3_600_000);
    expect(await h.pushgate.engine!.purgeNow(now)).toBe(0);
    expect(await h.store.getIdempotentResponse('POST /x', 'stale', 0)).toBeNull();
    expect(await h.store.getIdempotentResponse('POST /x', 'fresh', 0)).toEqual({ status: 201, body: { id: 2 } });
  });
});

describe('engine processes', () => {
  it('lists this engine while it runs, alive and current, and forgets it once shut down', async () => {
    h = await startHarness({ heartbeatMs: 100, deadAfterMs: 300 });
    const [self] = await eventually(async () => {
      const list = await h.pushgate.engineProcesses();
      return list.length === 1 ? list : null;
    }, 'the first heartbeat');
    expect(self).toMatchObject({ alive: true, current: true, pid: process.pid });
    expect(self!.id).toBe(h.pushgate.engine!.owner);
    // another process whose heartbeat stopped shows as dead until its work is recovered
    await h.store.heartbeat({ id: 'gone:1:x', host: 'gone', pid: 1, startedAt: 0, heartbeatAt: 0 });
    await eventually(async () => (await h.pushgate.engineProcesses()).every((p) => p.id !== 'gone:1:x'), 'the dead one forgotten');
    await h.pushgate.shutdown();
    expect(await h.pushgate.engineProcesses()).toEqual([]);
  });
});
