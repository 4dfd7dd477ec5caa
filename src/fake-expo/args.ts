/** Command-line flags of main.ts. */
import { parseArgs } from 'node:util';
import { RATE_LIMIT_MODES, type RateLimitMode } from './rate-limit.js';
import type { FakeExpoOptions } from './server.js';

export const USAGE = `usage: fake-expo [--port 0] [--host 127.0.0.1] [--latency-ms 0] [--rate-limit 600]
                 [--rate-limit-mode bucket|window] [--receipt-delay-ms 0] [--access-token TOKEN]
                 [--default-project @pushgate/default]`;

function count(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new Error(`--${flag} must be a number >= 0, got "${value}"`);
  return n;
}

/**
 * Parses the flags into options; only given flags are set, so the fake's defaults apply.
 * @throws Error for an unknown flag or a bad number.
 */
export function parseFakeExpoArgs(argv: string[]): FakeExpoOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'latency-ms': { type: 'string' },
      'rate-limit': { type: 'string' },
      'rate-limit-mode': { type: 'string' },
      'receipt-delay-ms': { type: 'string' },
      'access-token': { type: 'string' },
      'default-project': { type: 'string' },
    },
  });
  const options: FakeExpoOptions = {};
  const numeric = [
    ['port', 'port'],
    ['latency-ms', 'latencyMs'],
    ['rate-limit', 'rateLimitPerSecond'],
    ['receipt-delay-ms', 'receiptDelayMs'],
  ] as const;
  for (const [flag, key] of numeric) {
    const n = count(flag, values[flag]);
    if (n !== undefined) options[key] = n;
  }
  const mode = values['rate-limit-mode'];
  if (mode !== undefined) {
    if (!RATE_LIMIT_MODES.includes(mode as RateLimitMode)) throw new Error(`--rate-limit-mode must be one of ${RATE_LIMIT_MODES.join(', ')}, got "${mode}"`);
    options.rateLimitMode = mode as RateLimitMode;
  }
  if (values.host !== undefined) options.host = values.host;
  if (values['access-token'] !== undefined) options.accessToken = values['access-token'];
  if (values['default-project'] !== undefined) options.defaultProject = values['default-project'];
  return options;
}
