import pino, { type Logger } from 'pino';

/** Log levels accepted in config (the Convex component's names, plus pino's lower-case ones). */
export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** Paths redacted in every log line: tokens and keys never appear unmasked. */
const REDACT = [
  'token',
  'pushToken',
  'accessToken',
  'apiKey',
  'authorization',
  'req.headers.authorization',
  '*.token',
  '*.pushToken',
  '*.accessToken',
  'headers.authorization',
];

/** Creates the structured (pino) logger; `level` defaults to INFO. */
export function createLogger(level: LogLevel = 'INFO', destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: level.toLowerCase(),
    base: { svc: 'pushgate' },
    redact: { paths: REDACT, censor: '[masked]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
