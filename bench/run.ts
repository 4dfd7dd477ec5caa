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

/** Each scenario's entry point, and arguments of its own (after the runner's, so they win). */
const SCENARIOS: Record<string, { entry: string; args?: string[] }> = {
  dispatch_uncapped: { entry: 'bench/scenarios/dispatch-uncapped.ts' },
  dispatch_uncapped_150ms: { entry: 'bench/scenarios/dispatch-uncapped.ts', args: ['--latency-ms', '150'] },
  dispatch_capped: { entry: 'bench/scenarios/dispatch-capped.ts' },
  latency_idle: { entry: 'bench/scenarios/latency-idle.ts' },
  enqueue_fanout: { entry: 'bench/scenarios/enqueue-fanout.ts' },
  http_send: { entry: 'bench/scenarios/http-send.ts' },
  http_batch: { entry: 'bench/scenarios/http-batch.ts' },
  disk_per_notification: { entry: 'bench/scenarios/disk-per-notification.ts' },
  retention_under_load: { entry: 'bench/scenarios/retention-under-load.ts' },
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
  const scenario = SCENARIOS[name];
  if (!scenario) throw new Error(`unknown scenario ${name}; known: ${Object.keys(SCENARIOS).join(', ')}`);
  const { entry } = scenario;
  for (const store of stores) {
    const args = ['--store', store, '--latency-ms', values['latency-ms']!];
    if (values.quick) args.push('--quick');
    args.push(...(scenario.args ?? []));
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
// The targets are ratios to a baseline measured in the same run (README "Benchmarks").
for (const [key, value] of Object.entries(results)) {
  const result = value as { ratio?: number; target?: string };
  if (result.target) console.log(`${key.padEnd(36)} ratio ${String(result.ratio ?? '-').padEnd(6)} target: ${result.target}`);
}
console.log('written bench/results/latest.json');

function safe(fn: () => string): string {
  try {
    return fn();
  } catch {
    return 'unknown';
  }
}
