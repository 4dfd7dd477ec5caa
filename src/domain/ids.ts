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

// One randomBytes call per 4096 ids' worth: a call per id cost ~8 µs, as much as the insert.
const POOL_SIZE = 40_960;
let pool = randomBytes(POOL_SIZE);
let poolOffset = 0;

function randomPart(length: number): string {
  if (poolOffset + length > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    poolOffset = 0;
  }
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[pool[poolOffset + i]! % 32];
  poolOffset += length;
  return out;
}

export const ID_PREFIX = {
  notification: 'ntf',
  device: 'dev',
  delivery: 'dlv',
  batch: 'bat',
  apiKey: 'key',
} as const;

/**
 * Delivery ids derive from their notification's (unique, time-sortable) id:
 * `dlv_<notification id without ntf_>_<k>`, k = 1.. in device order. They sort, and are claimed,
 * in queue order, cost nothing to make, and the deliveries of one notification are one range of
 * the primary key (the PostgreSQL store finds them that way; its SQL spells this same rule).
 */
export function deliveryIdPrefix(notificationId: string): string {
  const base = notificationId.startsWith(`${ID_PREFIX.notification}_`) ? notificationId.slice(ID_PREFIX.notification.length + 1) : notificationId;
  return `${ID_PREFIX.delivery}_${base}_`;
}

/** User ids, ids and keys hold no control characters (NUL, newlines, ...): they end up in logs, URLs and SQL. */
export const NO_CONTROL_CHARACTERS = /^[^\p{Cc}]*$/u;
