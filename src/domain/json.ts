/**
 * What may travel as JSON: plain objects, arrays, strings, finite numbers, booleans and null,
 * nested at most MAX_JSON_DEPTH deep, without a `__proto__` key. Checked before anything is
 * serialised, so a circular object, a BigInt, a Date or a structure 10,000 levels deep is a clear
 * error naming where it is, not a TypeError or a stack overflow from JSON.stringify.
 */

/** Deepest nesting of objects and arrays accepted in a notification (Expo's payload is 4 KiB anyway). */
export const MAX_JSON_DEPTH = 32;

/** What is wrong with a value and where (`data.items.3`). */
export interface JsonProblem {
  path: string;
  /** `NestingTooDeep`, `ForbiddenKey` or `NotJson`. */
  code: 'NestingTooDeep' | 'ForbiddenKey' | 'NotJson';
  message: string;
}

/** `a.b`, with a long key cut short: paths end up in messages. */
const join = (path: string, key: string | number) => {
  const name = String(key).length > 40 ? `${String(key).slice(0, 40)}…` : String(key);
  return path === '' ? name : `${path}.${name}`;
};

/** A deep path's first and last few steps: `body.data.a.a…(70 levels)…a.a`. */
function shorten(path: string): string {
  const parts = path.split('.');
  if (parts.length <= 10) return path;
  return `${parts.slice(0, 4).join('.')}…(${parts.length} levels)…${parts.slice(-2).join('.')}`;
}

function describe(value: unknown): string {
  if (typeof value === 'bigint') return 'a BigInt (JSON has none: send it as a string or a number)';
  if (typeof value === 'number') return `${value} (JSON has only finite numbers)`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  if (value === undefined) return 'undefined (JSON has none: leave the element out or use null)';
  if (value instanceof Date) return 'a Date (JSON has none: send date.toISOString())';
  const name = (value as object).constructor?.name;
  return `a ${name ?? 'non-plain'} object (only plain objects and arrays are JSON)`;
}

/**
 * The first problem found in `value` (checked depth first), or null when it is plain JSON.
 * Objects' `undefined` properties are allowed (JSON.stringify leaves them out).
 */
export function jsonProblem(value: unknown, path = '', maxDepth = MAX_JSON_DEPTH): JsonProblem | null {
  const ancestors = new Set<object>();
  const visit = (v: unknown, at: string, depth: number): JsonProblem | null => {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return null;
    if (typeof v === 'number') return Number.isFinite(v) ? null : { path: at, code: 'NotJson', message: `${at || 'value'} is ${describe(v)}` };
    if (typeof v !== 'object') return { path: at, code: 'NotJson', message: `${at || 'value'} is ${describe(v)}` };
    if (ancestors.has(v))
      return { path: at, code: 'NotJson', message: `${at || 'value'} refers back to an object that contains it (a circular structure is not JSON)` };
    if (depth >= maxDepth) return { path: at, code: 'NestingTooDeep', message: `${at || 'value'} is nested more than ${maxDepth} levels deep` };
    const isArray = Array.isArray(v);
    const proto = Object.getPrototypeOf(v);
    if (!isArray && proto !== Object.prototype && proto !== null) return { path: at, code: 'NotJson', message: `${at || 'value'} is ${describe(v)}` };
    ancestors.add(v);
    try {
      if (isArray) {
        for (let i = 0; i < v.length; i++) {
          const item: unknown = v[i];
          const where = join(at, i);
          if (item === undefined) return { path: where, code: 'NotJson', message: `${where} is ${describe(item)}` };
          const problem = visit(item, where, depth + 1);
          if (problem) return problem;
        }
        return null;
      }
      for (const key of Object.keys(v)) {
        const where = join(at, key);
        if (key === '__proto__') {
          return { path: where, code: 'ForbiddenKey', message: `${where}: a key named "__proto__" is refused (it can alter objects' prototypes); rename it` };
        }
        const item = (v as Record<string, unknown>)[key];
        if (item === undefined) continue;
        const problem = visit(item, where, depth + 1);
        if (problem) return problem;
      }
      return null;
    } finally {
      ancestors.delete(v);
    }
  };
  const problem = visit(value, path, 0);
  if (!problem) return null;
  const short = shorten(problem.path);
  return short === problem.path ? problem : { ...problem, path: short, message: problem.message.replace(problem.path, short) };
}
