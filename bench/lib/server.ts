/** Pushgate's HTTP server in this process, on a fresh database, with the fake Expo in its own. */
import { buildServer } from '../../src/http/server.js';
import { startFakeProcess } from './fake.js';
import { openBenchPushgate } from './scenario.js';
import type { StoreKind } from './stores.js';

export const BENCH_KEY = 'pgk_bench_key_0123456789abcdef';

export async function startBenchServer(kind: StoreKind, latencyMs: number) {
  const fake = await startFakeProcess({ latencyMs, rateLimit: 0 });
  const bench = await openBenchPushgate(kind, { expo: { url: fake.url } });
  const server = await buildServer({ pushgate: bench.pushgate, apiKeys: [BENCH_KEY], insecureNoAuth: false });
  const address = await server.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: address,
    pushgate: bench.pushgate,
    async close() {
      await server.close();
      await bench.close();
      await fake.close();
    },
  };
}
