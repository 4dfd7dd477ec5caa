/**
 * A real Pushgate on a temp SQLite file, talking over loopback to a real fake Expo.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PushgateOptions } from '../../src/core/config.js';
import { Pushgate } from '../../src/core/pushgate.js';
import { type FakeExpo, type FakeExpoOptions, startFakeExpo } from '../../src/fake-expo/index.js';
import type { Store } from '../../src/store/port.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { createLogger } from '../../src/util/logger.js';
import { freshPostgresStore } from './postgres.js';

/** Engine tests run on SQLite by default; PUSHGATE_TEST_STORE=postgres runs them on PostgreSQL. */
export const TEST_STORE = process.env.PUSHGATE_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

export interface Harness {
  fake: FakeExpo;
  pushgate: Pushgate;
  /** The store under the Pushgate instance, for tests that look at or arrange stored state directly. */
  store: Store;
  dir: string;
  databaseUrl: string;
  close(): Promise<void>;
}

/** Starts a fake Expo and a Pushgate using it; quiet logs, fast retries, short receipt delay. */
export async function startHarness(options: PushgateOptions = {}, fakeOptions: FakeExpoOptions = {}): Promise<Harness> {
  const fake = await startFakeExpo({ rateLimitPerSecond: 0, ...fakeOptions });
  const dir = mkdtempSync(join(tmpdir(), 'pushgate-test-'));
  const databaseUrl = `file:${join(dir, 'pushgate.db')}`;
  const store =
    options.store ??
    (TEST_STORE === 'postgres' ? await freshPostgresStore({ clock: options.clock }) : createSqliteStore(join(dir, 'pushgate.db'), { clock: options.clock }));
  const pushgate = await Pushgate.open({
    databaseUrl,
    store,
    logger: createLogger('silent'),
    sendRatePerSecond: 0,
    receiptDelayMs: 50,
    retryBaseDelayMs: 50,
    retryMaxDelayMs: 400,
    ...options,
    expo: { url: fake.url, ...options.expo },
  });
  return {
    fake,
    pushgate,
    store,
    dir,
    databaseUrl,
    async close() {
      await pushgate.close();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes (then throws with `what`). */
export async function eventually<T>(check: () => Promise<T> | T, what: string, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let tokenCounter = 0;
/** A fresh, valid Expo push token; `project` puts it in that fake Expo project. */
export function token(project?: string): string {
  tokenCounter += 1;
  const inner = `${Date.now().toString(36)}${tokenCounter.toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  return `ExponentPushToken[${project ? `${project}@` : ''}${inner}]`;
}
