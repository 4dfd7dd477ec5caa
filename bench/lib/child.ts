/**
 * Spawns a TypeScript entry point under tsx and resolves with the first JSON line it prints
 * (the child's "ready" or "result" line); the rest of its stdout is ignored.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface SpawnedJson<T> {
  proc: ChildProcess;
  first: Promise<T>;
}

export function spawnJson<T>(entry: string, args: string[], env: NodeJS.ProcessEnv = {}): SpawnedJson<T> {
  const proc = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  const lines = createInterface({ input: proc.stdout! });
  const first = new Promise<T>((resolve, reject) => {
    lines.on('line', (line) => {
      if (line.startsWith('{')) resolve(JSON.parse(line) as T);
    });
    proc.once('exit', (code) => reject(new Error(`${entry} exited with ${code} before printing a JSON line`)));
  });
  return { proc, first };
}

export async function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return;
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  proc.kill('SIGTERM');
  await exited;
}
