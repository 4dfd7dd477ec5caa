/**
 * Expo rate-limiting far below the configured rate: it answers 429 past 100 messages/s (a strict
 * sliding window) while the service is set to 600/s, or to no limit. A 429 is Expo telling us our
 * rate: it must never spend a message's attempts, so nothing may end `failed`, and the rate in use
 * drops (and shows in /metrics).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/http/server.js';
import { eventually, type Harness, startHarness, token } from '../support/harness.js';

const USERS = 1_200;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe.each([
  ['600/s', 600],
  ['no limit', 0],
])('with the send rate at %s and Expo limiting at 100/s', (_name, sendRatePerSecond) => {
  it('delivers everything, fails nothing, and sends slower', { timeout: 120_000 }, async () => {
    h = await startHarness({ sendRatePerSecond, maxAttempts: 2, receiptDelayMs: 100 }, { rateLimitPerSecond: 100, rateLimitMode: 'window' });
    const users = Array.from({ length: USERS }, (_, i) => ({ userId: `r${i}`, pushToken: token() }));
    await h.pushgate.recordTokens(users);
    const started = Date.now();
    await h.pushgate.sendToUsers({ userIds: users.map((u) => u.userId), notification: { title: 'slow down' } });
    const server = await buildServer({ pushgate: h.pushgate, apiKeys: ['k'] });
    try {
      const rate = await eventually(async () => {
        const text = (await server.inject({ url: '/metrics', headers: { authorization: 'Bearer k' } })).body;
        const m = /pushgate_send_rate_per_second\{project="[^"]*"\} (\d+)/.exec(
          text
            .split('\n')
            .filter((l) => !l.includes('project="default"'))
            .join('\n'),
        );
        return m ? Number(m[1]) : null;
      }, 'a cut rate in /metrics');
      expect(rate).toBeLessThan(sendRatePerSecond || Number.POSITIVE_INFINITY);
    } finally {
      await server.close();
    }
    await eventually(
      async () => {
        const s = (await h!.pushgate.stats()).deliveriesByState;
        return s.queued + s.sending + s.retrying === 0;
      },
      'every message answered',
      100_000,
    );
    const seconds = (Date.now() - started) / 1000;
    const stats = await h.pushgate.stats();
    const fake = h.fake.stats();
    expect(stats.deliveriesByState.failed).toBe(0);
    expect(stats.deliveriesByState.maybe_delivered).toBe(0);
    expect(fake.messagesAccepted).toBe(USERS);
    expect(fake.duplicates).toBe(0);
    expect(fake.faulted.rateLimited).toBeGreaterThan(0);
    console.log(
      `expo 429 at 100/s, service ${sendRatePerSecond || 'unlimited'}: ${USERS} delivered in ${seconds.toFixed(1)} s ` +
        `(${(USERS / seconds).toFixed(0)}/s), ${fake.faulted.rateLimited} requests answered 429, none failed`,
    );
  });
});
