/** The fake Expo in its own process, so its work is not counted against Pushgate. */
import { type SpawnedJson, spawnJson, stop } from './child.js';

export interface FakeProcess {
  url: string;
  stats(): Promise<{ messagesAccepted: number; http429: number; sendRequests: number; timeline: { at: number; count: number }[] }>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeProcess(opts: { latencyMs: number; rateLimit: number }): Promise<FakeProcess> {
  const child: SpawnedJson<{ url: string }> = spawnJson('src/fake-expo/main.ts', [
    '--port',
    '0',
    '--latency-ms',
    String(opts.latencyMs),
    '--rate-limit',
    String(opts.rateLimit),
  ]);
  const { url } = await child.first;
  return {
    url,
    async stats() {
      const response = await fetch(`${url}/__fake/stats?brief=1`);
      return (await response.json()) as Awaited<ReturnType<FakeProcess['stats']>>;
    },
    async reset() {
      await fetch(`${url}/__fake/reset`, { method: 'POST' });
    },
    close: () => stop(child.proc),
  };
}
