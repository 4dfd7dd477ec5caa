import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

let lastMs = 0;
let counter = 0;

/**
 * Prefixed, time-sortable id: `<prefix>_<10 chars of ms time><4 chars of counter><10 random>`.
 * Ids made later in one process sort after earlier ones (the counter breaks ties within a ms).
 */
export function newId(prefix: string, now: number = Date.now()): string {
  if (now <= lastMs) {
    counter += 1;
    now = lastMs;
  } else {
    lastMs = now;
    counter = 0;
  }
  return `${prefix}_${encode(now, 10)}${encode(counter, 4)}${randomPart(10)}`;
}

function encode(value: number, length: number): string {
  let out = '';
  let v = value;
  for (let i = 0; i < length; i++) {
    out = ALPHABET[v % 32] + out;
    v = Math.floor(v / 32);
  }
  return out;
}

function randomPart(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % 32];
  return out;
}

export const ID_PREFIX = {
  notification: 'ntf',
  device: 'dev',
  delivery: 'dlv',
  batch: 'bat',
  apiKey: 'key',
} as const;
