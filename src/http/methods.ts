/**
 * 405 Method Not Allowed: a request for a path the API serves, with a method it does not serve
 * there (`PATCH /api/v1/push-notifications/ntf_1`), answers 405 with an `Allow` header listing the
 * methods that path takes, rather than a 404 that says the path does not exist.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';

interface Pattern {
  regex: RegExp;
  methods: Set<string>;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `/a/:id/b` -> /^\/a\/[^/]+\/b\/?$/ (a trailing slash is optional, as the router has it). */
function toRegex(url: string): RegExp {
  const body = url
    .replace(/\/+$/, '')
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment === '*' ? '.*' : escapeRegex(segment)))
    .join('/');
  return new RegExp(`^${body}/?$`);
}

/** Records every route registered from now on; `allowedMethods(path)` lists the methods served at a path. */
export function collectMethods(app: FastifyInstance): { allowedMethods(path: string): string[] } {
  const patterns = new Map<string, Pattern>();
  app.addHook('onRoute', (route: RouteOptions) => {
    const key = route.url.replace(/\/+$/, '') || '/';
    let pattern = patterns.get(key);
    if (!pattern) {
      pattern = { regex: toRegex(key), methods: new Set() };
      patterns.set(key, pattern);
    }
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) pattern.methods.add(method);
  });
  return {
    allowedMethods(path) {
      const clean = path.split('?')[0]!.replace(/\/{2,}/g, '/');
      const methods = new Set<string>();
      for (const { regex, methods: served } of patterns.values()) if (regex.test(clean)) for (const m of served) methods.add(m);
      return [...methods].sort();
    },
  };
}
