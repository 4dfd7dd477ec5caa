/**
 * Strict input on every endpoint, driven by /openapi.json so that a new endpoint is covered
 * without touching this file: each documented query parameter and body field, misspelt, is a 400
 * that names the misspelling and the name meant; a route without query parameters refuses any.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpHarness, startHttp } from './support/http.js';

let h: HttpHarness;
// biome-ignore lint/suspicious/noExplicitAny: a JSON document
let doc: any;
beforeAll(async () => {
  h = await startHttp({ pushgate: { runEngine: false } });
  doc = (await h.call('GET', '/openapi.json')).body;
});
afterAll(async () => {
  await h.close();
});

const PATH_VALUES: Record<string, string> = { id: 'ntf_unknown', userId: 'names-user', token: 'ExponentPushToken%5Bnames%5D' };

/** A misspelling of `name` that is no other name: two neighbouring letters swapped (or one doubled). */
function misspell(name: string, taken: readonly string[]): string {
  for (let i = Math.max(1, Math.floor(name.length / 2) - 1); i < name.length - 1; i++) {
    const swapped = name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2);
    if (swapped !== name && !taken.includes(swapped)) return swapped;
  }
  return `${name}${name.at(-1)}`;
}

interface Operation {
  method: string;
  path: string;
  url: string;
  query: string[];
  // biome-ignore lint/suspicious/noExplicitAny: JSON schema
  body: any;
}

function operations(): Operation[] {
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries(
    doc.paths as Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: unknown }>>,
  )) {
    for (const [method, op] of Object.entries(methods)) {
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => PATH_VALUES[name] ?? 'x');
      const query = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      // biome-ignore lint/suspicious/noExplicitAny: JSON schema
      const body = (op.requestBody as any)?.content?.['application/json']?.schema ?? null;
      out.push({ method: method.toUpperCase(), path, url, query, body });
    }
  }
  return out;
}

/** Top-level properties, and those of object-valued properties one level down (`payload.title`). */
// biome-ignore lint/suspicious/noExplicitAny: JSON schema
function fieldPaths(schema: any): string[][] {
  const props: Record<string, unknown> = schema?.properties ?? {};
  const paths: string[][] = Object.keys(props).map((k) => [k]);
  for (const [key, sub] of Object.entries(props)) {
    // biome-ignore lint/suspicious/noExplicitAny: JSON schema
    const inner = (sub as any)?.properties ? sub : (sub as any)?.anyOf?.find((s: any) => s.properties);
    if (inner && (inner as { additionalProperties?: unknown }).additionalProperties === false) {
      for (const k of Object.keys((inner as { properties: object }).properties)) paths.push([key, k]);
    }
  }
  return paths;
}

/** A value the schema accepts, built from its required parts (so only the query is wrong). */
// biome-ignore lint/suspicious/noExplicitAny: JSON schema
function sample(schema: any, name = ''): unknown {
  if (schema?.enum) return schema.enum[0];
  if (schema?.anyOf) return sample(schema.anyOf.find((s: { type?: string }) => s.type !== 'null') ?? schema.anyOf[0], name);
  if (schema?.type === 'array') return [sample(schema.items, name)];
  if (schema?.type === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of schema.required ?? []) out[key] = sample(schema.properties[key], key);
    return out;
  }
  if (schema?.type === 'string') return name === 'token' ? 'ExponentPushToken[names]' : 'names-user';
  if (schema?.type === 'number' || schema?.type === 'integer') return 1;
  if (schema?.type === 'boolean') return true;
  return 'x';
}

function bodyWith(path: string[], misspelt: string): Record<string, unknown> {
  if (path.length === 1) return { [misspelt]: 'x' };
  return { [path[0]!]: { [misspelt]: 'x' } };
}

describe('unknown names, on every operation of /openapi.json', () => {
  it('covers every route group (the document is not empty)', () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(20);
    expect(ops.filter((o) => o.body).length).toBeGreaterThan(5);
    expect(ops.some((o) => o.path.endsWith('/device-tokens/import'))).toBe(true);
  });

  it('a misspelt query parameter is a 400 UnknownParameter naming it and the one meant', async () => {
    let checked = 0;
    for (const op of operations()) {
      for (const name of op.query) {
        const wrong = misspell(name, op.query);
        const r = await h.call(op.method, `${op.url}?${encodeURIComponent(wrong)}=1`, op.body ? sample(op.body) : undefined);
        const where = `${op.method} ${op.path} ?${wrong}`;
        expect([where, r.status, r.body?.error?.code]).toEqual([where, 400, 'UnknownParameter']);
        expect(r.body.error.message, where).toContain(`"${wrong}" (did you mean "${name}"?)`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('a route without query parameters refuses any', async () => {
    let checked = 0;
    for (const op of operations().filter((o) => o.query.length === 0)) {
      const r = await h.call(op.method, `${op.url}?bogus=1`, op.body ? sample(op.body) : undefined);
      const where = `${op.method} ${op.path}`;
      expect([where, r.status, r.body?.error?.code]).toEqual([where, 400, 'UnknownParameter']);
      expect(r.body.error.message, where).toContain('"bogus"');
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('a misspelt body field is a 400 UnknownField naming it and the field meant', async () => {
    let checked = 0;
    for (const op of operations().filter((o) => o.body)) {
      for (const path of fieldPaths(op.body)) {
        const siblings =
          path.length === 1
            ? Object.keys(op.body.properties)
            : fieldPaths(op.body)
                .filter((p) => p[0] === path[0])
                .map((p) => p.at(-1)!);
        const wrong = misspell(path.at(-1)!, siblings);
        const r = await h.call(op.method, op.url, bodyWith(path, wrong));
        const where = `${op.method} ${op.path} ${[...path.slice(0, -1), wrong].join('.')}`;
        expect([where, r.status, r.body?.error?.code]).toEqual([where, 400, 'UnknownField']);
        expect(r.body.error.message, where).toContain(`"${wrong}" (did you mean "${path.at(-1)}"?)`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40);
  });
});
