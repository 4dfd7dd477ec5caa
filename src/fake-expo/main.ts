/**
 * Standalone entry: `node dist/fake-expo/main.js --port 0 --latency-ms 20 --rate-limit 600`
 * (or `tsx src/fake-expo/main.ts ...`). Prints one JSON line `{"url": ...}` on stdout when ready,
 * so a benchmark can spawn it as a child process; logs go to stderr. Stops on SIGTERM/SIGINT.
 */
import { parseFakeExpoArgs, USAGE } from './args.js';
import { runFakeExpo } from './cli.js';

let options: ReturnType<typeof parseFakeExpoArgs>;
try {
  options = parseFakeExpoArgs(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
const fake = await runFakeExpo({ ...options, logger: (line) => process.stderr.write(`${line}\n`) });
process.stdout.write(`${JSON.stringify({ url: fake.url, port: fake.port })}\n`);
