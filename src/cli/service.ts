/**
 * What `pushgate serve` and `pushgate worker` do, as functions (the CLI adds signals and exit
 * codes): open the library, make the first API key, start the HTTP server, print where it all is.
 */
import type { FastifyInstance } from 'fastify';
import { Pushgate, SchemaNotMigratedError } from '../core/pushgate.js';
import { buildServer } from '../http/server.js';
import { maskSecret } from '../util/mask.js';
import { ConfigError, type ServiceConfig } from './config.js';
import { describeDatabase, prepareToCreate, requireExisting } from './database.js';

export type Print = (line: string) => void;

export interface RunningService {
  pushgate: Pushgate;
  /** Null for the worker. */
  server: FastifyInstance | null;
  /** `http://host:port`, or null for the worker. */
  address: string | null;
  /** Stops accepting requests, lets in-flight ones (and in-flight Expo requests) finish, closes the database. */
  stop(): Promise<void>;
}

const INSECURE_BANNER = [
  '',
  '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
  '!!  WARNING: --insecure-no-auth: the API accepts requests WITHOUT an API key.  !!',
  '!!  Anyone who can reach this port can send notifications to your users.      !!',
  '!!  For local experiments only. Never use it in production.                   !!',
  '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
  '',
];

function describeExpo(pushgate: Pushgate): string {
  const { url, accessToken } = pushgate.config.expo;
  return `${url}${accessToken ? ` (access token ${maskSecret(accessToken)})` : ' (no access token)'}`;
}

/**
 * Opens the library. With `--no-migrate`, the database must already be migrated: when it is
 * behind, this throws (a ConfigError saying what to do) before the engine or the server starts.
 */
export async function openPushgate(config: ServiceConfig, print: Print = () => {}): Promise<Pushgate> {
  if (config.pushgate.migrate) prepareToCreate(config.pushgate.databaseUrl, print);
  else requireExisting(config.pushgate.databaseUrl);
  try {
    return await Pushgate.open(config.pushgate);
  } catch (error) {
    if (error instanceof SchemaNotMigratedError) {
      const { applied, latest } = error.version;
      throw new ConfigError(`database schema is not migrated (applied v${applied}, need v${latest}): run \`pushgate migrate\` or start without --no-migrate`);
    }
    throw error;
  }
}

/** `pushgate serve`: HTTP API and engine in one process. */
export async function startService(config: ServiceConfig, print: Print): Promise<RunningService> {
  const pushgate = await openPushgate(config, print);
  try {
    if (config.insecureNoAuth) {
      for (const line of INSECURE_BANNER) process.stderr.write(`${line}\n`);
      pushgate.logger.warn('authentication is DISABLED (--insecure-no-auth)');
    } else if (config.apiKeys.length === 0 && (await pushgate.listApiKeys()).length === 0) {
      // The very first start: no key configured and none ever stored. Make one and show it once.
      const { id, key } = await pushgate.createApiKey({ name: 'initial' });
      print('');
      print(`No API key was configured, so one was created (${id}). It is shown only this once; only its hash is stored:`);
      print('');
      print(`    ${key}`);
      print('');
      print('Send it as "Authorization: Bearer <key>". Manage keys with `pushgate keys create|list|revoke`.');
      print('');
    }
    const server = await buildServer({
      pushgate,
      apiKeys: config.apiKeys,
      insecureNoAuth: config.insecureNoAuth,
      bodyLimit: config.bodyLimit,
    });
    const address = await server.listen({ port: config.port, host: config.host });
    print(`pushgate listening on ${address}`);
    print(`database: ${describeDatabase(pushgate.config.databaseUrl)}`);
    print(`expo: ${describeExpo(pushgate)}`);
    print(`auth: ${config.insecureNoAuth ? 'DISABLED (--insecure-no-auth)' : `API keys (${config.apiKeys.length} from PUSHGATE_API_KEYS, plus stored keys)`}`);
    print(`docs: ${address}/docs`);
    return {
      pushgate,
      server,
      address,
      async stop() {
        await server.close();
        await pushgate.close();
      },
    };
  } catch (error) {
    await pushgate.close().catch(() => {});
    throw error;
  }
}

/** `pushgate worker`: the engine only (dispatcher, receipt checker, janitor), no HTTP. */
export async function startWorker(config: ServiceConfig, print: Print): Promise<RunningService> {
  const pushgate = await openPushgate(config, print);
  // The engine's timers do not hold the process open (so a library user's process can exit);
  // the worker has nothing else to do, so it holds itself open until stopped.
  const keepAlive = setInterval(() => {}, 60_000);
  print(`pushgate worker started`);
  print(`database: ${describeDatabase(pushgate.config.databaseUrl)}`);
  print(`expo: ${describeExpo(pushgate)}`);
  return {
    pushgate,
    server: null,
    address: null,
    async stop() {
      clearInterval(keepAlive);
      await pushgate.close();
    },
  };
}

/**
 * SIGTERM/SIGINT: the first one stops gracefully (`stop`), then exits 0 (1 if stopping failed);
 * a second one exits at once (128 + signal number).
 */
export function exitOnSignals(stop: () => Promise<void>, print: Print, exit: (code: number) => void = process.exit): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      print(`${signal} again: exiting now, without waiting`);
      exit(signal === 'SIGINT' ? 130 : 143);
      return;
    }
    stopping = true;
    print(`${signal}: no longer accepting requests; finishing in-flight Expo requests (send the signal again to exit at once)`);
    stop().then(
      () => {
        print('stopped cleanly');
        exit(0);
      },
      (error: unknown) => {
        print(`error while stopping: ${(error as Error)?.message ?? String(error)}`);
        exit(1);
      },
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}
