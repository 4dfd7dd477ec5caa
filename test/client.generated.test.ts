/**
 * The typed client's generated files are up to date with the routes: regenerating them gives what
 * is checked in (`npm run generate:client` after changing a route, else this fails in CI).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generate, OPENAPI_FILE, SCHEMA_FILE } from '../scripts/generate-client.js';

describe('generated client files', () => {
  it('docs/openapi.json and src/client/schema.ts match what the routes produce (run `npm run generate:client`)', async () => {
    const { openapi, schema } = await generate();
    expect(readFileSync(OPENAPI_FILE, 'utf8'), 'docs/openapi.json is stale: run `npm run generate:client`').toBe(openapi);
    expect(readFileSync(SCHEMA_FILE, 'utf8'), 'src/client/schema.ts is stale: run `npm run generate:client`').toBe(schema);
  });
});
