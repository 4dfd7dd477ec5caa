/**
 * The library's rule for a repeated idempotency key: the same key names the same request. A
 * repeat with the same user and content returns the first notification's id; anything else is
 * IdempotencyKeyReusedError (the HTTP API's `Idempotency-Key` follows the same rule, 422).
 */

/** JSON with object keys sorted: stores may keep an object's keys in another order (jsonb does). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** True when two notifications' contents are the same JSON, whatever the order of their keys. */
export function sameContent(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}
