/**
 * Expo misbehaving at the transport level: answering 5xx, hanging past the timeout, refusing
 * connections, resetting connections before or after accepting. For each: nothing accepted is
 * lost, Expo accepts nothing twice, every notification ends final, and the seconds from the end of
 * the fault to the last notification settling are printed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeExpoFaults } from '../../src/fake-expo/index.js';
import { eventually, type Harness, startHarness, token } from '../support/harness.js';

const USERS = 200;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function sendAll(harness: Harness): Promise<string[]> {
  const users = Array.from({ length: USERS }, (_, i) => ({ userId: `o${i}`, pushToken: token() }));
  await harness.pushgate.recordTokens(users);
  const { ids } = await harness.pushgate.sendToUsers({ userIds: users.map((u) => u.userId), notification: { title: 'outage' } });
  return ids.filter((id): id is string => id !== null);
}

async function settled(harness: Harness): Promise<Record<string, number>> {
  return eventually(
    async () => {
      const s = (await harness.pushgate.stats()).deliveriesByState;
      return s.queued + s.sending + s.retrying + s.sent === 0 ? s : null;
    },
    'every notification final',
    60_000,
  );
}

interface Scenario {
  name: string;
  /** Turns the fault on (and, when it ends by itself, says nothing more). */
  start(faults: FakeExpoFaults): void;
  /** Turns it off. */
  stop(faults: FakeExpoFaults): void;
  /** What the deliveries may end as. */
  expectFinal(states: Record<string, number>, accepted: number): void;
}

const allDelivered = (states: Record<string, number>) => {
  expect(states.delivered).toBe(USERS);
};

const scenarios: Scenario[] = [
  {
    name: 'answering 503 for two seconds',
    start: (f) => {
      f.serverErrorRate = 1;
    },
    stop: (f) => {
      f.serverErrorRate = 0;
    },
    expectFinal: allDelivered,
  },
  {
    name: 'refusing connections for two seconds',
    start: (f) => {
      f.refuseConnections = true;
    },
    stop: (f) => {
      f.refuseConnections = false;
    },
    expectFinal: allDelivered,
  },
  {
    name: 'hanging past the request timeout',
    start: (f) => {
      f.hangNextRequests = 2;
    },
    stop: () => {},
    // the hung requests may have reached Expo: maybe_delivered, never resent
    expectFinal: (s, accepted) => {
      expect(s.maybe_delivered).toBe(USERS - accepted);
      expect(s.delivered).toBe(accepted);
    },
  },
  {
    name: 'resetting connections before accepting',
    start: (f) => {
      f.resetNextRequests = 2;
    },
    stop: () => {},
    expectFinal: (s, accepted) => {
      expect(s.maybe_delivered).toBe(USERS - accepted);
      expect(s.delivered).toBe(accepted);
    },
  },
  {
    name: 'resetting connections after accepting',
    start: (f) => {
      f.resetAfterAcceptNextRequests = 2;
    },
    stop: () => {},
    // accepted but the answers were lost: maybe_delivered, and never sent again
    expectFinal: (s, accepted) => {
      expect(accepted).toBe(USERS);
      expect(s.maybe_delivered).toBe(200);
    },
  },
];

describe('Expo failing at the transport', () => {
  for (const scenario of scenarios) {
    it(scenario.name, { timeout: 90_000 }, async () => {
      h = await startHarness(
        { concurrency: 2, batchSize: 100, retryBaseDelayMs: 100, retryMaxDelayMs: 1_000, receiptDelayMs: 100, expo: { timeoutMs: 1_000 } },
        { latencyMs: 10 },
      );
      scenario.start(h.fake.faults);
      const ids = await sendAll(h);
      expect(ids).toHaveLength(USERS);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      scenario.stop(h.fake.faults);
      const stoppedAt = Date.now();
      const states = await settled(h);
      const fake = h.fake.stats();
      expect(fake.duplicates).toBe(0);
      expect(states.failed).toBe(0);
      scenario.expectFinal(states, fake.messagesAccepted);
      console.log(`expo ${scenario.name}: all final ${((Date.now() - stoppedAt) / 1000).toFixed(1)} s after the fault ended; ${JSON.stringify(states)}`);
    });
  }
});
