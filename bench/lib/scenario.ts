/** Shared plumbing of a scenario process: arguments, a Pushgate on a fresh database, the result line. */
import { parseArgs } from 'node:util';
import type { PushgateOptions } from '../../src/core/config.js';
import { Pushgate } from '../../src/core/pushgate.js';
import { createLogger } from '../../src/util/logger.js';
import { dropFresh, type FreshDatabase, freshDatabase, openFresh, type StoreKind } from './stores.js';

export interface ScenarioArgs {
  store: StoreKind;
  quick: boolean;
  latencyMs: number;
  /** Overrides the rounds a throughput scenario repeats (default: 1 with --quick, else 3). */
  rounds?: number;
}

export function scenarioArgs(): ScenarioArgs {
  const { values } = parseArgs({
    options: {
      store: { type: 'string', default: 'sqlite' },
      quick: { type: 'boolean', default: false },
      'latency-ms': { type: 'string', default: '20' },
      rounds: { type: 'string' },
    },
  });
  return {
    store: values.store as StoreKind,
    quick: values.quick ?? false,
    latencyMs: Number(values['latency-ms']),
    ...(values.rounds ? { rounds: Number(values.rounds) } : {}),
  };
}

export async function openBenchPushgate(kind: StoreKind, options: PushgateOptions) {
  const db: FreshDatabase = freshDatabase(kind);
  const store = await openFresh(db);
  const pushgate = await Pushgate.open({ store, logger: createLogger('silent'), receiptDelayMs: 3_600_000, ...options });
  return {
    pushgate,
    db,
    async close() {
      await pushgate.close();
      await dropFresh(db);
    },
  };
}

/** Records `count` users with one device each, in chunks. */
export async function seedUsers(pushgate: Pushgate, count: number, prefix = 'u'): Promise<string[]> {
  const userIds: string[] = [];
  const CHUNK = 10_000;
  for (let start = 0; start < count; start += CHUNK) {
    const items = [];
    for (let i = start; i < Math.min(count, start + CHUNK); i++) {
      items.push({ userId: `${prefix}${i}`, pushToken: `ExponentPushToken[${prefix}${i.toString(36)}xxxxxxxx]` });
      userIds.push(`${prefix}${i}`);
    }
    await pushgate.recordTokens(items);
  }
  return userIds;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The middle value (the upper one of an even count). */
export function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

/**
 * Rounds a throughput scenario repeats before taking medians: on this shared 2-core VM one 10 s
 * measurement swings by 20% or more with the host's load.
 */
export const roundsFor = (args: ScenarioArgs) => args.rounds ?? (args.quick ? 1 : 3);

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Prints the scenario's result as the one JSON line the runner reads, and exits. */
export function report(result: Record<string, number | string>): never {
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}
