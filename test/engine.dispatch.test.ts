import { afterEach, describe, expect, it } from 'vitest';
import { eventually, type Harness, startHarness, token } from './support/harness.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function settledStates(id: string) {
  const n = await h.pushgate.getNotification({ id });
  return n?.deliveries.map((d) => d.state).sort();
}

describe('dispatcher: happy path and batching', () => {
  it('sends at once, stores the ticket, then the receipt makes it delivered', async () => {
    h = await startHarness();
    const t = token();
    await h.pushgate.recordToken({ userId: 'u1', pushToken: t, platform: 'ios' });
    const id = await h.pushgate.sendPushNotification({ userId: 'u1', notification: { title: 'hi', data: { a: 1 } } });
    expect(id).toMatch(/^ntf_/);
    const stored = await h.pushgate.getNotification({ id: id! });
    expect(stored?.deliveries).toHaveLength(1);
    await eventually(async () => (await h.pushgate.getNotification({ id: id! }))?.status === 'delivered', 'delivered');
    const n = await h.pushgate.getNotification({ id: id! });
    const d = n!.deliveries[0]!;
    expect(d.ticketId).toBeTruthy();
    expect(d.attempts).toBe(1);
    expect(d.sentAt).not.toBeNull();
    expect(d.completedAt).not.toBeNull();
    expect(n!.sentAt).not.toBeNull();
    const stats = h.fake.stats();
    expect(stats.messagesAccepted).toBe(1);
    expect(stats.receiptRequests).toBeGreaterThanOrEqual(1);
  });

  it('sends one notification to every active device of a user', async () => {
    h = await startHarness();
    const tokens = [token(), token(), token()];
    await h.pushgate.recordTokens(tokens.map((pushToken) => ({ userId: 'multi', pushToken })));
    const id = await h.pushgate.sendPushNotification({ userId: 'multi', notification: { body: 'x' } });
    await eventually(async () => (await settledStates(id!))?.every((s) => s === 'delivered'), 'all delivered');
    expect(h.fake.stats().messagesAccepted).toBe(3);
  });

  it('paces requests under a send rate: one second of budget goes out over the second, not in one burst', async () => {
    // 600/s and requests of 100: six requests, each asking for budget after the previous grant's
    // share of the window (100 x 1020 ms / 600 = 170 ms). Unpaced, all six leave within a few ms.
    h = await startHarness({ sendRatePerSecond: 600, concurrency: 16 });
    const users = Array.from({ length: 600 }, (_, i) => ({ userId: `paced-${i}`, pushToken: token() }));
    await h.pushgate.recordTokens(users);
    await h.pushgate.sendToUsers({ userIds: users.map((u) => u.userId), notification: { title: 'paced' } });
    await eventually(() => h.fake.stats().messagesAccepted === 600, 'all accepted');
    const arrivals = h.fake.stats().timeline.map((e) => e.at);
    expect(arrivals.length).toBeGreaterThanOrEqual(6);
    expect(arrivals[arrivals.length - 1]! - arrivals[0]!).toBeGreaterThanOrEqual(5 * 170 - 50);
  });

  it('groups many messages into requests of at most 100 and accepts each exactly once', async () => {
    h = await startHarness({ concurrency: 4 });
    const users = Array.from({ length: 750 }, (_, i) => ({ userId: `bulk-${i}`, pushToken: token() }));
    await h.pushgate.recordTokens(users);
    const result = await h.pushgate.sendToUsers({ userIds: users.map((u) => u.userId), notification: { title: 'bulk' } });
    expect(result.queued).toBe(750);
    await eventually(() => h.fake.stats().messagesAccepted === 750, 'all accepted');
    const stats = h.fake.stats();
    expect(stats.sendRequests).toBeGreaterThanOrEqual(8);
    expect(stats.duplicates).toBe(0);
    expect(Object.values(stats.acceptedByToken).every((count) => count === 1)).toBe(true);
    const batch = await eventually(async () => {
      const b = await h.pushgate.getBatch({ id: result.batchId });
      return b && (b.statuses.sent ?? 0) + (b.statuses.delivered ?? 0) === 750 ? b : null;
    }, 'batch progress');
    expect(batch!.total).toBe(750);
  });

  it('under load, lets partial batches fill (lingerMs) instead of sending one request per notification', async () => {
    // a linger long next to one enqueue even on a loaded machine, so the figure compares shapes, not speeds
    h = await startHarness({ concurrency: 50, sendRatePerSecond: 0, lingerMs: 100 }, { latencyMs: 50 });
    const users = Array.from({ length: 200 }, (_, i) => ({ userId: `trickle-${i}`, pushToken: token() }));
    await h.pushgate.recordTokens(users);
    // one at a time, as HTTP callers would, while the first requests are in flight
    for (const u of users) {
      await h.pushgate.sendPushNotification({ userId: u.userId, notification: { title: 'trickle' } });
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await eventually(() => h.fake.stats().messagesAccepted === 200, 'all accepted');
    const stats = h.fake.stats();
    expect(stats.duplicates).toBe(0);
    // measured: ~10 requests with the linger, ~140 without it (one request per notification at worst)
    expect(stats.sendRequests).toBeLessThan(100);
  });

  it('splits a request spanning several Expo projects and learns each token project', async () => {
    h = await startHarness();
    const alpha = token('alpha');
    const beta = token('beta');
    await h.pushgate.recordTokens([
      { userId: 'p1', pushToken: alpha },
      { userId: 'p2', pushToken: beta },
    ]);
    const ids = await h.pushgate.sendPushNotificationBatch([
      { userId: 'p1', notification: { title: 'a' } },
      { userId: 'p2', notification: { title: 'b' } },
    ]);
    await eventually(() => h.fake.stats().messagesAccepted === 2, 'both accepted after split');
    const stats = h.fake.stats();
    expect(stats.byStatus[400]).toBe(1);
    expect(stats.duplicates).toBe(0);
    const device = (await h.pushgate.getStatusForUser({ userId: 'p1' })).devices[0]!;
    expect(device.project).toBe('@pushgate/alpha');
    for (const id of ids) {
      const n = await h.pushgate.getNotification({ id: id! });
      expect(n!.deliveries[0]!.attempts).toBe(1);
    }
  });

  it('stays under the per-project send rate and gets no 429', async () => {
    // The fake shares this process's event loop, which delays its view of arrivals by up to tens
    // of ms: the window allows for that jitter (production default 1020 ms).
    h = await startHarness({ sendRatePerSecond: 200, rateWindowMs: 1_100 }, { rateLimitPerSecond: 200 });
    const users = Array.from({ length: 500 }, (_, i) => ({ userId: `r-${i}`, pushToken: token() }));
    await h.pushgate.recordTokens(users);
    await h.pushgate.sendToUsers({ userIds: users.map((u) => u.userId), notification: { title: 'r' } });
    await eventually(() => h.fake.stats().messagesAccepted === 500, 'all accepted', 20_000);
    const { timeline, http429 } = h.fake.stats();
    expect(http429).toBe(0);
    for (const entry of timeline) {
      const inWindow = timeline.filter((e) => e.at > entry.at - 1000 && e.at <= entry.at).reduce((sum, e) => sum + e.count, 0);
      expect(inWindow).toBeLessThanOrEqual(200);
    }
  });
});
