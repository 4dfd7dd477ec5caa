/**
 * The OpenAPI 3.1 document, generated from the routes themselves: every route registered after
 * `collectRoutes` is recorded with its zod schemas (the same ones that validate requests) and its
 * config (summary, tag, public). Served at `/openapi.json`; `/docs` is a self-contained HTML page
 * rendering it (no script, nothing fetched from elsewhere). Both are public.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import { z } from 'zod';
import { errorSchema } from './common.js';

interface CollectedRoute {
  method: string;
  url: string;
  schema: Record<string, unknown>;
  config: { public?: boolean; summary?: string; description?: string; tag?: string; documentedBody?: unknown };
}

type JsonSchema = Record<string, unknown>;

const STATUS_TEXT: Record<string, string> = {
  200: 'OK',
  201: 'Created',
  400: 'Invalid request (ValidationError, UnknownField, UnknownParameter, InvalidJson, InvalidToken, TooManyUserIds, NestingTooDeep, ForbiddenKey, ...)',
  401: 'Missing, invalid or revoked API key',
  404: 'Unknown id',
  409: 'Conflict (UserPaused, InvalidTransition)',
  413: 'Too large (MessageTooBig, PayloadTooLarge)',
  415: 'Unsupported media type',
  422: 'Unprocessable (NoActiveDevices, IdempotencyKeyReused)',
  503: 'Not ready / shutting down',
};

function toJson(schema: unknown, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema as z.ZodType, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  return json;
}

const isZod = (value: unknown): value is z.ZodType => typeof (value as z.ZodType | undefined)?.safeParse === 'function';

function parametersOf(schema: unknown, where: 'path' | 'query') {
  if (!(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => {
    const json = toJson(field, 'input');
    const description = typeof json.description === 'string' ? json.description : undefined;
    delete json.description;
    return {
      name,
      in: where,
      required: where === 'path' || !field.safeParse(undefined).success,
      ...(description ? { description } : {}),
      schema: json,
    };
  });
}

const openApiPath = (url: string) => (url.length > 1 ? url.replace(/\/+$/, '') : url).replace(/:([A-Za-z0-9_]+)/g, '{$1}');
const operationId = (method: string, path: string) =>
  `${method.toLowerCase()}${path
    .replace(/[{}]/g, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('')}`;

export interface OpenApiCollector {
  document(): Record<string, unknown>;
}

/** Records every route registered from now on; call before registering the routes. */
export function collectRoutes(app: FastifyInstance): OpenApiCollector {
  const routes: CollectedRoute[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      routes.push({
        method,
        url: route.url,
        schema: (route.schema ?? {}) as Record<string, unknown>,
        config: (route.config ?? {}) as CollectedRoute['config'],
      });
    }
  });
  let cached: Record<string, unknown> | null = null;
  return {
    document() {
      cached ??= buildDocument(routes);
      return cached;
    },
  };
}

function buildDocument(routes: CollectedRoute[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const errorJson = toJson(errorSchema, 'output');
  for (const route of routes) {
    const path = openApiPath(route.url);
    const method = route.method.toLowerCase();
    paths[path] ??= {};
    if (paths[path][method]) continue; // `/x` and `/x/` are one operation
    const { schema, config } = route;
    const body = config.documentedBody ?? schema.body;
    const responses: Record<string, unknown> = {};
    const declared = (schema.response ?? {}) as Record<string, unknown>;
    for (const [code, responseSchema] of Object.entries(declared)) {
      responses[code] = {
        description: STATUS_TEXT[code] ?? 'Response',
        ...(isZod(responseSchema) ? { content: { 'application/json': { schema: toJson(responseSchema, 'output') } } } : {}),
      };
    }
    if (Object.keys(responses).length === 0) responses['200'] = { description: STATUS_TEXT['200'] };
    if (!config.public) responses['401'] = { description: STATUS_TEXT['401'], content: { 'application/json': { schema: errorJson } } };
    const parameters: unknown[] = [...parametersOf(schema.params, 'path'), ...parametersOf(schema.querystring, 'query')];
    if (method === 'post' && !config.public) {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: 'A repeat within 24 h returns the first answer and queues nothing new (1..255 visible ASCII characters)',
        schema: { type: 'string', maxLength: 255 },
      });
    }
    paths[path][method] = {
      operationId: operationId(method, path),
      ...(config.tag ? { tags: [config.tag] } : {}),
      ...(config.summary ? { summary: config.summary } : {}),
      ...(config.description ? { description: config.description } : {}),
      ...(config.public ? { security: [] } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(isZod(body) ? { requestBody: { required: true, content: { 'application/json': { schema: toJson(body, 'input') } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Pushgate',
      version: '0.1.0',
      description:
        'Self-hosted Expo push notifications. Authenticate with "Authorization: Bearer <API key>". Every error is {"error":{"code","message","details"}}. The REST contract\'s endpoints are served under /api/v1/push-notifications and also under the contract listing\'s literal doubled prefix /api/v1/push-notifications/api/v1/push-notifications.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A Pushgate API key (pushgate keys create)' } },
      schemas: { Error: errorJson },
    },
    security: [{ bearer: [] }],
    paths,
  };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

interface Operation {
  summary?: string;
  description?: string;
  security?: unknown[];
  parameters?: { name: string; in: string; required: boolean; description?: string; schema: JsonSchema }[];
  requestBody?: { content: { 'application/json': { schema: JsonSchema } } };
  responses: Record<string, { description: string; content?: { 'application/json': { schema: JsonSchema } } }>;
}

const schemaBlock = (title: string, schema: JsonSchema) =>
  `<details><summary>${escapeHtml(title)}</summary><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></details>`;

/** The /docs page: every operation with its parameters, body and responses. */
export function renderDocsPage(document: Record<string, unknown>): string {
  const paths = document.paths as Record<string, Record<string, Operation>>;
  const sections: string[] = [];
  for (const [path, operations] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(operations)) {
      const params = (op.parameters ?? [])
        .map(
          (p) =>
            `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${p.in}</td><td>${p.required ? 'yes' : ''}</td><td>${escapeHtml(p.description ?? '')}</td></tr>`,
        )
        .join('');
      const responses = Object.entries(op.responses)
        .map(([code, r]) => {
          const schema = r.content?.['application/json']?.schema;
          return `<li><b>${code}</b> ${escapeHtml(r.description)}${schema && !code.startsWith('4') && !code.startsWith('5') ? schemaBlock('schema', schema) : ''}</li>`;
        })
        .join('');
      sections.push(`<section class="op" id="${escapeHtml(`${method}-${path}`)}">
<h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code>${op.security ? ' <span class="open">no key needed</span>' : ''}</h3>
${op.summary ? `<p>${escapeHtml(op.summary)}</p>` : ''}${op.description ? `<p class="d">${escapeHtml(op.description)}</p>` : ''}
${params ? `<table><tr><th>parameter</th><th>in</th><th>required</th><th></th></tr>${params}</table>` : ''}
${op.requestBody ? schemaBlock('request body (application/json)', op.requestBody.content['application/json'].schema) : ''}
<ul>${responses}</ul></section>`);
    }
  }
  const info = document.info as { title: string; description: string; version: string };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(info.title)} API</title>
<style>
body{font-family:system-ui,-apple-system,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}
code,pre{font-family:ui-monospace,Menlo,monospace;font-size:.9em}pre{background:#f6f8fa;padding:.6rem;overflow:auto;border-radius:4px}
.op{border:1px solid #ddd;border-radius:6px;margin:.8rem 0;padding:.2rem 1rem}.op h3{font-size:1rem}
.m{display:inline-block;min-width:4.2em;text-align:center;border-radius:3px;color:#fff;padding:0 .3em;font-size:.85em}
.get{background:#2b7bb9}.post{background:#3a9b4a}.put{background:#c98a1b}.delete{background:#c0392b}
.open{font-size:.75em;color:#666;font-weight:normal}.d{color:#555}table{border-collapse:collapse;font-size:.9em}td,th{border-bottom:1px solid #eee;padding:.2em .6em;text-align:left}
</style></head><body>
<h1>${escapeHtml(info.title)} API <small>${escapeHtml(info.version)}</small></h1>
<p>${escapeHtml(info.description)}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
${sections.join('\n')}
</body></html>`;
}

export function openApiRoutes(collector: OpenApiCollector) {
  return async (app: FastifyInstance) => {
    app.get('/openapi.json', { config: { public: true, tag: 'operations', summary: 'This API as an OpenAPI 3.1 document' } }, async () => collector.document());
    let page: string | null = null;
    app.get('/docs', { config: { public: true, tag: 'operations', summary: 'This API as a browsable page' } }, async (_request, reply) => {
      page ??= renderDocsPage(collector.document());
      return reply.type('text/html; charset=utf-8').send(page);
    });
  };
}
