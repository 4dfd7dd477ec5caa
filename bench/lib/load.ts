/** Runs autocannon in its own process (so the load generator does not steal the server's loop). */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface LoadResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

export async function autocannon(opts: {
  url: string;
  connections: number;
  seconds: number;
  body: string;
  headers: Record<string, string>;
  /** Sets a distinct body per request via [<id>] placeholders. */
  idReplacement?: boolean;
}): Promise<LoadResult> {
  const args = ['node_modules/autocannon/autocannon.js', '-c', String(opts.connections), '-d', String(opts.seconds), '-m', 'POST', '-j'];
  for (const [name, value] of Object.entries(opts.headers)) args.push('-H', `${name}=${value}`);
  args.push('-b', opts.body);
  if (opts.idReplacement) args.push('--idReplacement');
  args.push(opts.url);
  const { stdout } = await run(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as LoadResult;
}
