/**
 * The `pushgate` command: `serve` (HTTP + engine), `worker` (engine only), `migrate`,
 * `keys create|list|revoke`, `fake-expo`. Configuration: flags and PUSHGATE_* variables
 * (see config.ts for every default).
 */
import { Command, Option } from 'commander';
import { Pushgate, SchemaNotMigratedError } from '../core/pushgate.js';
import { runFakeExpo } from '../fake-expo/cli.js';
import { createLogger } from '../util/logger.js';
import { type CliFlags, ConfigError, DEFAULT_BODY_LIMIT, DEFAULT_HOST, DEFAULT_PORT, databaseUrlFrom, maskUrl, serviceConfig } from './config.js';
import { describeDatabase, prepareToCreate, requireExisting } from './database.js';
import { exitOnSignals, type Print, startService, startWorker } from './service.js';

const print: Print = (line) => process.stdout.write(`${line}\n`);

const program = new Command('pushgate').description('Self-hosted, durable Expo push notifications').version('0.1.0').showHelpAfterError();

function engineOptions(command: Command): Command {
  return command
    .option('--database-url <url>', 'file:<path> (SQLite) or postgres://... [env PUSHGATE_DATABASE_URL, default file:./data/pushgate.db]')
    .option('--expo-url <url>', 'Expo push service base URL [env PUSHGATE_EXPO_URL, default https://exp.host]')
    .option('--log-level <level>', 'DEBUG, INFO, WARN or ERROR [env PUSHGATE_LOG_LEVEL, default INFO]')
    .option('--receipt-delay-ms <ms>', 'delay before receipts are checked [env PUSHGATE_RECEIPT_DELAY_MS, default 900000]')
    .option('--send-rate <n>', 'messages per second per Expo project, 0 = no limit [env PUSHGATE_SEND_RATE, default 600]')
    .option('--concurrency <n>', 'Expo requests in flight [env PUSHGATE_CONCURRENCY, default 48]')
    .option('--retention-days <n>', 'delete finished notifications after this many days, 0 = never [env PUSHGATE_RETENTION_DAYS, default 30]')
    .option('--no-migrate', 'do not apply pending database migrations at start [env PUSHGATE_MIGRATE=false]')
    .addHelpText('after', '\nSecrets come from the environment only: PUSHGATE_EXPO_ACCESS_TOKEN, PUSHGATE_API_KEYS (comma-separated).');
}

engineOptions(program.command('serve'))
  .description('run the HTTP API, the dispatcher, the receipt checker and the janitor')
  .option('--port <port>', `port, 0 = any free one [env PUSHGATE_PORT, default ${DEFAULT_PORT}]`)
  .option('--host <host>', `interface [env PUSHGATE_HOST, default ${DEFAULT_HOST}; 0.0.0.0 for every interface]`)
  .option('--body-limit <bytes>', `largest request body [env PUSHGATE_BODY_LIMIT, default ${DEFAULT_BODY_LIMIT}]`)
  .option('--insecure-no-auth', 'accept requests WITHOUT an API key (local experiments only)')
  .action(async (flags: CliFlags) => {
    const service = await startService(serviceConfig(process.env, flags), print);
    exitOnSignals(() => service.stop(), print);
  });

engineOptions(program.command('worker'))
  .description('run the engine (dispatcher, receipt checker, janitor) without the HTTP API')
  .action(async (flags: CliFlags) => {
    const service = await startWorker(serviceConfig(process.env, flags), print);
    exitOnSignals(() => service.stop(), print);
  });

program
  .command('migrate')
  .description('apply pending database migrations and exit')
  .option('--database-url <url>', 'file:<path> or postgres://... [env PUSHGATE_DATABASE_URL]')
  .action(async (flags: { databaseUrl?: string }) => {
    const url = databaseUrlFrom(process.env, flags.databaseUrl);
    print(`database: ${describeDatabase(url)}`);
    prepareToCreate(url, print);
    const pushgate = await Pushgate.open({ databaseUrl: url, runEngine: false, logger: createLogger('silent') });
    await pushgate.close();
    print(`migrations applied to ${maskUrl(url)}`);
  });

/**
 * The library without its engine, for commands that only read or change the database. It says
 * which database first. `create`: the database may be created and migrated (keys create); else it
 * must exist and be migrated already (keys list, keys revoke), and nothing is created.
 */
async function withPushgate<T>(databaseUrl: string | undefined, mode: 'create' | 'existing', fn: (pushgate: Pushgate) => Promise<T>): Promise<T> {
  const url = databaseUrlFrom(process.env, databaseUrl);
  print(`database: ${describeDatabase(url)}`);
  if (mode === 'create') prepareToCreate(url, print);
  else requireExisting(url);
  const pushgate = await Pushgate.open({ databaseUrl: url, runEngine: false, migrate: mode === 'create', logger: createLogger('silent') }).catch(
    (error: unknown) => {
      if (error instanceof SchemaNotMigratedError) {
        throw new ConfigError(
          `database schema is not migrated (applied v${error.version.applied}, need v${error.version.latest}): run \`pushgate migrate\` first`,
        );
      }
      throw error;
    },
  );
  try {
    return await fn(pushgate);
  } finally {
    await pushgate.close();
  }
}

const keys = program.command('keys').description('manage API keys (stored as SHA-256 hashes)');
const dbOption = () => new Option('--database-url <url>', 'file:<path> or postgres://... [env PUSHGATE_DATABASE_URL]');
keys
  .command('create')
  .description('create a key and print it (only this once)')
  .option('--name <name>', 'a label for the key', 'default')
  .addOption(dbOption())
  .action((flags: { name: string; databaseUrl?: string }) =>
    withPushgate(flags.databaseUrl, 'create', async (pushgate) => {
      const { id, key } = await pushgate.createApiKey({ name: flags.name });
      print(`id:  ${id}`);
      print(`key: ${key}`);
      print('The key is shown only this once (only its hash is stored). Send it as "Authorization: Bearer <key>".');
    }),
  );
keys
  .command('list')
  .description('list keys (id, name, prefix, created, revoked)')
  .addOption(dbOption())
  .action((flags: { databaseUrl?: string }) =>
    withPushgate(flags.databaseUrl, 'existing', async (pushgate) => {
      const all = await pushgate.listApiKeys();
      if (all.length === 0) print('no API keys');
      for (const k of all) {
        const revoked = k.revokedAt === null ? 'active' : `revoked ${new Date(k.revokedAt).toISOString()}`;
        print(`${k.id}\t${k.name}\t${k.prefix}…\tcreated ${new Date(k.createdAt).toISOString()}\t${revoked}`);
      }
    }),
  );
keys
  .command('revoke <id>')
  .description('revoke a key: requests with it get 401 from then on')
  .addOption(dbOption())
  .action((id: string, flags: { databaseUrl?: string }) =>
    withPushgate(flags.databaseUrl, 'existing', async (pushgate) => {
      if (await pushgate.revokeApiKey({ id })) {
        print(`revoked ${id}`);
      } else {
        process.stderr.write(`pushgate: no active key ${id}\n`);
        process.exitCode = 1;
      }
    }),
  );

function count(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new ConfigError(`--${name} must be a whole number >= 0, got "${value}"`);
  return n;
}

program
  .command('fake-expo')
  .description("run a local fake of Expo's push service (tests, benchmarks, development)")
  .option('--port <port>', 'port', '4000')
  .option('--host <host>', 'interface', '127.0.0.1')
  .option('--latency-ms <ms>', 'added latency per request', '0')
  .option('--rate-limit <n>', 'messages per second per project, 0 = none', '600')
  .addOption(
    new Option('--rate-limit-mode <mode>', 'bucket: a token bucket like Expo; window: a strict sliding one-second window')
      .choices(['bucket', 'window'])
      .default('bucket'),
  )
  .option('--receipt-delay-ms <ms>', 'receipts become available this long after their ticket', '0')
  .option('--access-token <token>', 'require this Expo access token')
  .action(
    async (flags: {
      port: string;
      host: string;
      latencyMs: string;
      rateLimit: string;
      rateLimitMode: 'bucket' | 'window';
      receiptDelayMs: string;
      accessToken?: string;
    }) => {
      await runFakeExpo({
        port: count('port', flags.port),
        host: flags.host,
        latencyMs: count('latency-ms', flags.latencyMs),
        rateLimitPerSecond: count('rate-limit', flags.rateLimit),
        rateLimitMode: flags.rateLimitMode,
        receiptDelayMs: count('receipt-delay-ms', flags.receiptDelayMs),
        accessToken: flags.accessToken ?? null,
        logger: print,
      });
    },
  );

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`pushgate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
