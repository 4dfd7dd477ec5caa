/**
 * `npm run bench [-- --quick] [-- --only name,name] [-- --store sqlite|postgres]`: runs every
 * scenario in its own process on SQLite (and PostgreSQL when reachable), prints a table and
 * writes bench/results/latest.json keyed `<scenario>.<store>`.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { spawnJson } from './lib/child.js';
import { settle } from './lib/settle.js';
import { postgresReachable, type StoreKind } from './lib/stores.js';

const SCENARIOS: Record<string, string> = {
  dispatch_uncapped: 'bench/scenarios/dispatch-uncapped.ts',
  dispatch_capped: 'bench/scenarios/dispatch-capped.ts',
  latency_idle: 'bench/scenarios/latency-idle.ts',
  enqueue_fanout: 'bench/scenarios/enqueue-fanout.ts',
  http_send: 'bench/scenarios/http-send.ts',
  http_batch: 'bench/scenarios/http-batch.ts',
};

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    store: { type: 'string' },
    'latency-ms': { type: 'string', default: '20' },
  },
});
const names = values.only ? values.only.split(',') : Object.keys(SCENARIOS);
const stores: StoreKind[] = values.store ? [values.store as StoreKind] : (await postgresReachable()) ? ['sqlite', 'postgres'] : ['sqlite'];

const results: Record<string, unknown> = {
  meta: {
    commit: safe(() => execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim()),
    node: process.version,
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    date: new Date().toISOString(),
    quick: values.quick,
    fake_latency_ms: Number(values['latency-ms']),
  },
};
for (const name of names) {
  const entry = SCENARIOS[name];
  if (!entry) throw new Error(`unknown scenario ${name}; known: ${Object.keys(SCENARIOS).join(', ')}`);
  for (const store of stores) {
    const args = ['--store', store, '--latency-ms', values['latency-ms']!];
    if (values.quick) args.push('--quick');
    await settle(stores.includes('postgres'));
    process.stderr.write(`running ${name}.${store} ...\n`);
    try {
      results[`${name}.${store}`] = await spawnJson(entry, args).first;
    } catch (error) {
      results[`${name}.${store}`] = { error: String(error) };
    }
    process.stderr.write(`  ${JSON.stringify(results[`${name}.${store}`])}\n`);
  }
}
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', `${JSON.stringify(results, null, 2)}\n`);
console.table(Object.fromEntries(Object.entries(results).filter(([key]) => key !== 'meta')) as Record<string, Record<string, unknown>>);
console.log('written bench/results/latest.json');

function safe(fn: () => string): string {
  try {
    return fn();
  } catch {
    return 'unknown';
  }
}
