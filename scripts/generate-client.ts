/**
 * The typed HTTP client's types, generated from the API itself: the OpenAPI document the routes
 * produce (served at /openapi.json) is written to docs/openapi.json, and openapi-typescript turns
 * it into src/client/schema.ts, which `pushgate/client` (openapi-fetch) is typed with. Both files
 * are checked in; `npm run generate:client` rewrites them, and test/client.generated.test.ts fails
 * when they are out of date with the routes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { Pushgate } from '../src/core/pushgate.js';
import { buildServer } from '../src/http/server.js';
import { createLogger } from '../src/util/logger.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OPENAPI_FILE = join(root, 'docs/openapi.json');
export const SCHEMA_FILE = join(root, 'src/client/schema.ts');

const HEADER = `/**
 * The REST API's paths, parameters, bodies and answers as TypeScript types, generated from the
 * OpenAPI document (docs/openapi.json) by openapi-typescript. Do not edit: run
 * \`npm run generate:client\` after changing a route.
 */
`;

/** The OpenAPI document as the routes produce it (an in-memory database, nothing listening). */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const pushgate = await Pushgate.open({ databaseUrl: ':memory:', runEngine: false, logger: createLogger('silent') });
  try {
    const app = await buildServer({ pushgate, insecureNoAuth: true });
    try {
      return (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    } finally {
      await app.close();
    }
  } finally {
    await pushgate.close();
  }
}

/** The two generated files' contents. */
export async function generate(): Promise<{ openapi: string; schema: string }> {
  const document = await openApiDocument();
  const ast = await openapiTS(document as never, { alphabetize: true });
  return { openapi: `${JSON.stringify(document, null, 2)}\n`, schema: HEADER + astToString(ast) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { openapi, schema } = await generate();
  mkdirSync(dirname(SCHEMA_FILE), { recursive: true });
  writeFileSync(OPENAPI_FILE, openapi);
  writeFileSync(SCHEMA_FILE, schema);
  process.stdout.write(`wrote ${OPENAPI_FILE} and ${SCHEMA_FILE}\n`);
}
