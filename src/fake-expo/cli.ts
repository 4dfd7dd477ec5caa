/** Running the fake as a program: `pushgate fake-expo` and main.ts. */
import { type FakeExpo, type FakeExpoOptions, startFakeExpo } from './server.js';

/**
 * Starts the fake, logs `fake-expo listening on <url>`, and closes it (then exits) on SIGTERM/SIGINT.
 * Closing the returned fake yourself removes the signal handlers.
 * @param opts.logger where the line goes; default stdout.
 */
export async function runFakeExpo(opts: FakeExpoOptions & { logger?: (line: string) => void } = {}): Promise<FakeExpo> {
  const { logger, ...options } = opts;
  const log = logger ?? ((line: string) => process.stdout.write(`${line}\n`));
  const fake = await startFakeExpo(options);
  const close = fake.close.bind(fake);
  const onSignal = (signal: NodeJS.Signals) => {
    log(`fake-expo: ${signal}, closing`);
    void close().then(() => process.exit(0));
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  log(`fake-expo listening on ${fake.url}`);
  return Object.assign(fake, {
    close() {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      return close();
    },
  });
}
