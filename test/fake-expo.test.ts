/**
 * The fake Expo push service over real sockets with plain fetch: protocol, faults, admin
 * endpoints, stats, and the standalone entry point.
 */
import { spawn } from 'node:child_process';
import { Agent, type IncomingMessage, request } from 'node:http';
import { createInterface } from 'node:readline';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseFakeExpoArgs } from '../src/fake-expo/args.js';
import { type FakeExpo, type FakeExpoOptions, runFakeExpo, startFakeExpo } from '../src/fake-expo/index.js';
import { SlidingWindowLimiter } from '../src/fake-expo/window-limiter.js';
import { get, networkErrorOf, post, push, receipts, sleep, tcpConnect, token, UUID } from './fake-expo/client.js';

const MULTI_PROJECT = 'All push notification messages in the same request must be for the same project; separate your push notifications by project.';

let fake: FakeExpo;
beforeAll(async () => {
  fake = await startFakeExpo({ rateLimitPerSecond: 0 });
});
beforeEach(() => fake.reset());
afterAll(() => fake?.close());

describe('POST /push/send: tickets', () => {
  it('answers a single message with one ticket object and an array request with an array', async () => {
    const single = await push(fake, { to: token(), title: 'hi' });
    expect(single.status).toBe(200);
    expect(single.headers.get('content-type')).toMatch(/^application\/json/);
    expect(single.json).toEqual({
      data: { status: 'ok', id: expect.stringMatching(UUID) },
    });

    const array = await push(fake, [{ to: token(), title: 'hi' }]);
    expect(array.json.data).toEqual([{ status: 'ok', id: expect.stringMatching(UUID) }]);

    const toArray = await push(fake, { to: [token()], title: 'hi' });
    expect(Array.isArray(toArray.json.data)).toBe(true);
    expect(toArray.json.data).toHaveLength(1);
    expect(fake.stats().messagesAccepted).toBe(3);
  });

  it('gives one ticket per recipient, in order, counting each entry of a `to` array', async () => {
    const [a, b, c, d] = [token(), token(), token(), token()];
    const answer = await push(fake, [{ to: [a, 'not-a-token', b], title: 'x' }, { to: c }, { to: [d] }]);
    expect(answer.status).toBe(200);
    expect(answer.json.data.map((t: { status: string }) => t.status)).toEqual(['ok', 'error', 'ok', 'ok', 'ok']);
    expect(answer.json.data[1].details).toEqual({
      error: 'DeviceNotRegistered',
      expoPushToken: 'not-a-token',
    });
    const ids = answer.json.data.filter((t: { id?: string }) => t.id).map((t: { id: string }) => t.id);
    expect(new Set(ids).size).toBe(4);
    const stats = fake.stats();
    expect(stats.messagesReceived).toBe(5);
    expect(stats.messagesAccepted).toBe(4);
    expect(stats.acceptedByToken).toEqual({ [a]: 1, [b]: 1, [c]: 1, [d]: 1 });
  });

  it('never puts an `errors` field in a 200, even when tickets carry errors', async () => {
    const answer = await push(fake, [{ to: 'bad' }, { to: token() }]);
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.json)).toEqual(['data']);
  });

  it('accepts gzip request bodies and counts them', async () => {
    const messages = Array.from({ length: 100 }, () => ({
      to: token(),
      title: 'gz',
      body: 'y'.repeat(200),
    }));
    const answer = await push(fake, messages, { gzip: true });
    expect(answer.status).toBe(200);
    expect(answer.json.data).toHaveLength(100);
    expect(answer.json.data.every((t: { status: string }) => t.status === 'ok')).toBe(true);
    expect(fake.stats()).toMatchObject({
      gzipRequests: 1,
      messagesAccepted: 100,
    });
  });

  it('takes exactly 100 recipients and refuses 101 whole with PUSH_TOO_MANY_NOTIFICATIONS', async () => {
    const hundred = Array.from({ length: 100 }, () => token());
    const ok = await push(fake, [{ to: hundred.slice(0, 60) }, { to: hundred.slice(60) }]);
    expect(ok.json.data).toHaveLength(100);

    const tooMany = await push(fake, [{ to: Array.from({ length: 60 }, () => token()) }, { to: Array.from({ length: 41 }, () => token()) }]);
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.errors[0]).toMatchObject({
      code: 'PUSH_TOO_MANY_NOTIFICATIONS',
      message: expect.any(String),
    });
    expect(fake.stats().messagesAccepted).toBe(100);
  });

  it('refuses invalid JSON and wrong shapes with 400 VALIDATION_ERROR, accepting nothing', async () => {
    const t = token();
    const bad: [string, unknown][] = [
      ['not json', undefined],
      ['number', 42],
      ['null', null],
      ['empty array', []],
      ['no `to`', { title: 'x' }],
      ['`to` a number', { to: 5 }],
      ['empty `to` array', { to: [] }],
      ['`to` array with a number', { to: [t, 7] }],
      ['`data` a string', { to: t, data: 'nope' }],
      ['`data` an array', { to: t, data: [1] }],
      ['a non-object message', [{ to: t }, 'x']],
    ];
    for (const [label, body] of bad) {
      const answer = label === 'not json' ? await push(fake, null, { raw: '{"to": ' }) : await push(fake, body);
      expect(answer.status, label).toBe(400);
      expect(answer.json.errors, label).toEqual([{ code: 'VALIDATION_ERROR', message: expect.any(String) }]);
    }
    expect(fake.stats()).toMatchObject({
      messagesReceived: 0,
      messagesAccepted: 0,
      byStatus: { 400: bad.length },
    });
  });

  it('passes unknown and newer message fields through', async () => {
    const answer = await push(fake, {
      to: token(),
      title: 't',
      threadId: 'x',
      contentAvailable: true,
      targetContentId: 'c',
      relevanceScore: 0.5,
      filterCriteria: 'f',
      richContent: { image: 'https://example.com/a.png' },
      someFieldExpoAddsLater: { a: 1 },
    });
    expect(answer.json.data.status).toBe('ok');
  });

  it('answers 413 for a body over 5 MiB, sent or unpacked, and 400 for broken gzip or another encoding', async () => {
    const max = 5 * 1024 * 1024;
    // Exactly at the limit is read (and then is simply not JSON).
    expect((await push(fake, null, { raw: Buffer.alloc(max, ' ') })).status).toBe(400);
    const over = await push(fake, null, { raw: Buffer.alloc(max + 1, ' ') });
    expect(over.status).toBe(413);
    expect(over.json.errors[0].code).toBe('PAYLOAD_TOO_LARGE');
    const bomb = await push(fake, null, {
      raw: gzipSync(Buffer.alloc(max + 1, ' ')),
      headers: { 'content-encoding': 'gzip' },
    });
    expect(bomb.status).toBe(413);
    const broken = await push(fake, null, {
      raw: 'not gzip at all',
      headers: { 'content-encoding': 'gzip' },
    });
    expect(broken.status).toBe(400);
    expect(broken.json.errors[0].code).toBe('VALIDATION_ERROR');
    const brotli = await push(fake, null, {
      raw: '{}',
      headers: { 'content-encoding': 'br' },
    });
    expect(brotli.status).toBe(400);
    // The connection survives the early answers: the next request on it still works.
    expect((await push(fake, { to: token() })).json.data.status).toBe('ok');
  });

  it('answers DeviceNotRegistered for tokens that are not Expo push tokens, and takes both spellings', async () => {
    const answer = await push(fake, [
      { to: 'ExponentPushToken[]' },
      { to: 'APA91bHnot-an-expo-token' },
      { to: 'ExpoPushToken[abc123]' },
      { to: 'ExponentPushToken[abc123]' },
    ]);
    expect(answer.json.data.slice(0, 2)).toEqual([
      {
        status: 'error',
        message: '"ExponentPushToken[]" is not a registered push notification recipient',
        details: {
          error: 'DeviceNotRegistered',
          expoPushToken: 'ExponentPushToken[]',
        },
      },
      {
        status: 'error',
        message: '"APA91bHnot-an-expo-token" is not a registered push notification recipient',
        details: {
          error: 'DeviceNotRegistered',
          expoPushToken: 'APA91bHnot-an-expo-token',
        },
      },
    ]);
    expect(answer.json.data.slice(2).map((t: { status: string }) => t.status)).toEqual(['ok', 'ok']);
  });

  it('answers MessageTooBig when the payload without `to` is over 4096 bytes', async () => {
    const payload = (bytes: number) => ({
      data: { s: 'x'.repeat(bytes - '{"data":{"s":""}}'.length) },
    });
    expect(Buffer.byteLength(JSON.stringify(payload(4096)))).toBe(4096);
    const [fits, tooBig] = [token(), token()];
    const answer = await push(fake, [
      { to: fits, ...payload(4096) },
      { to: tooBig, ...payload(4097) },
    ]);
    expect(answer.json.data[0].status).toBe('ok');
    expect(answer.json.data[1]).toMatchObject({
      status: 'error',
      details: { error: 'MessageTooBig' },
    });
    // Multi-byte characters count as bytes, not characters.
    const emoji = await push(fake, {
      to: token(),
      data: { s: '\u{1F600}'.repeat(1100) },
    });
    expect(emoji.json.data.details.error).toBe('MessageTooBig');
  });
});

describe('POST /push/send: projects and rate limits', () => {
  it('refuses a request spanning projects whole, with each project mapped to its tokens', async () => {
    const alpha = [token('alpha'), token('alpha')];
    const beta = token('beta');
    const plain = token();
    const answer = await push(fake, [{ to: alpha[0] }, { to: [beta, alpha[1]!] }, { to: plain }]);
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      errors: [
        {
          code: 'PUSH_TOO_MANY_EXPERIENCE_IDS',
          message: MULTI_PROJECT,
          details: {
            '@pushgate/alpha': alpha,
            '@pushgate/beta': [beta],
            '@pushgate/default': [plain],
          },
          isTransient: false,
        },
      ],
    });
    expect(fake.stats().messagesAccepted).toBe(0);
    // Split by project as the details say, each part goes through.
    for (const tokens of Object.values(answer.json.errors[0].details as Record<string, string[]>)) {
      expect(
        (
          await push(
            fake,
            tokens.map((to) => ({ to })),
          )
        ).status,
      ).toBe(200);
    }
    expect(fake.stats().messagesAccepted).toBe(4);
    expect(new Set(fake.stats().timeline.map((e) => e.project))).toEqual(new Set(['@pushgate/alpha', '@pushgate/beta', '@pushgate/default']));
  });

  it('puts tokens without a project name in defaultProject', async () => {
    const other = await startFakeExpo({ defaultProject: '@acme/app' });
    try {
      const answer = await push(other, [{ to: token() }, { to: token('gamma') }]);
      expect(Object.keys(answer.json.errors[0].details).sort()).toEqual(['@acme/app', '@pushgate/gamma']);
    } finally {
      await other.close();
    }
  });

  it('limits each project to rateLimitPerSecond, refusing whole requests with 429 and Retry-After', async () => {
    const limited = await startFakeExpo({ rateLimitPerSecond: 50 });
    try {
      const batch = (project: string, n: number) => Array.from({ length: n }, () => ({ to: token(project) }));
      expect((await push(limited, batch('a', 50))).status).toBe(200);
      const refused = await push(limited, batch('a', 1));
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      expect(refused.json.errors[0]).toMatchObject({
        code: 'TOO_MANY_REQUESTS',
        message: expect.any(String),
      });
      // Another project has its own budget.
      expect((await push(limited, batch('b', 50))).status).toBe(200);
      // The bucket refills continuously: 250 ms buys about 12 messages at 50/s.
      await sleep(250);
      expect((await push(limited, batch('a', 10))).status).toBe(200);
      // A request larger than what is left is refused whole, not partly accepted.
      const whole = await push(limited, batch('a', 50));
      expect(whole.status).toBe(429);
      expect(Number(whole.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const stats = limited.stats();
      expect(stats).toMatchObject({
        http429: 2,
        messagesAccepted: 110,
        messagesReceived: 161,
        byStatus: { 200: 3, 429: 2 },
      });
      expect(stats.timeline.map((e) => [e.project, e.count])).toEqual([
        ['@pushgate/a', 50],
        ['@pushgate/b', 50],
        ['@pushgate/a', 10],
      ]);
    } finally {
      await limited.close();
    }
  });

  it('takes concurrent requests exactly once each when unlimited', async () => {
    const started = Date.now();
    const requests = Array.from({ length: 40 }, (_, r) => Array.from({ length: 100 }, (_, i) => ({ to: token(), data: { r, i } })));
    const answers = await Promise.all(requests.map((body) => push(fake, body)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const ids = answers.flatMap((a) => a.json.data.map((t: { id: string }) => t.id));
    expect(new Set(ids).size).toBe(4000);
    const stats = fake.stats();
    expect(stats).toMatchObject({
      sendRequests: 40,
      messagesAccepted: 4000,
      tickets: 4000,
      duplicates: 0,
    });
    expect(Object.values(stats.acceptedByToken).every((n) => n === 1)).toBe(true);
    expect(stats.timeline.reduce((sum, e) => sum + e.count, 0)).toBe(4000);
    expect(stats.timeline.every((e) => e.at >= started && e.at <= Date.now())).toBe(true);
  });
});

describe('POST /push/send: the sliding-window rate limit', () => {
  const batch = (n: number, project = 'w') => Array.from({ length: n }, () => ({ to: token(project) }));

  /** A fake whose arrival clock the test sets; `at(ms)` moves it. */
  async function clocked(options: FakeExpoOptions) {
    let now = 0;
    const own = await startFakeExpo({ ...options, clock: () => now });
    return {
      own,
      at(ms: number) {
        now = ms;
        return own;
      },
    };
  }

  it('lets exactly perSecond messages through in any 1000 ms, 429s the next with Retry-After, and allows again as the window slides', async () => {
    const { own, at } = await clocked({ rateLimitPerSecond: 5, rateLimitMode: 'window' });
    try {
      expect((await push(at(0), batch(3))).status).toBe(200);
      expect((await push(at(500), batch(2))).status).toBe(200);
      const refused = await push(at(999), batch(1));
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(refused.json).toEqual({
        errors: [{ code: 'TOO_MANY_REQUESTS', message: expect.stringContaining('@pushgate/w'), isTransient: true }],
      });
      // Another project has a window of its own.
      expect((await push(at(999), batch(5, 'other'))).status).toBe(200);
      // An arrival exactly 1000 ms after another is not in a window with it: the 3 from 0 are out.
      expect((await push(at(1000), batch(3))).status).toBe(200);
      expect((await push(at(1499), batch(1))).status).toBe(429);
      expect((await push(at(1500), batch(2))).status).toBe(200);
      // No burst allowance after a quiet spell, unlike the bucket: still one second's worth at most.
      expect((await push(at(60_000), batch(5))).status).toBe(200);
      expect((await push(at(60_999), batch(1))).status).toBe(429);
      const stats = own.stats();
      expect(stats).toMatchObject({ http429: 3, messagesAccepted: 20, byStatus: { 200: 6, 429: 3 }, faulted: { rateLimited: 3 } });
      expect(stats.timeline.map((e) => [e.at, e.count])).toEqual(
        [
          [0, 3],
          [500, 2],
          [999, 5],
          [1000, 3],
          [1500, 2],
          [60_000, 5],
        ].map(([ms, count]) => [performance.timeOrigin + ms!, count]),
      );
    } finally {
      await own.close();
    }
  });

  it('refuses an unknown rateLimitMode at start', async () => {
    await expect(startFakeExpo({ rateLimitMode: 'leaky' as 'window' })).rejects.toThrow(/rateLimitMode must be one of bucket, window/);
  });

  it('refuses a request with more messages than perSecond whatever the timing, and takes it after a rise at run time', async () => {
    const own = await startFakeExpo({ rateLimitPerSecond: 5, rateLimitMode: 'window' });
    try {
      const tooBig = await push(own, batch(6));
      expect(tooBig.status).toBe(429);
      expect(Number(tooBig.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await push(own, batch(5))).status).toBe(200);
      // With the real clock only the sliding can be asserted: later arrivals only leave more room.
      await sleep(1_100);
      expect((await push(own, batch(5))).status).toBe(200);
      own.faults.rateLimit.perSecond = 0;
      expect((await push(own, batch(100))).status).toBe(200);
      expect(own.stats()).toMatchObject({ messagesAccepted: 110, faulted: { rateLimited: 1 } });
    } finally {
      await own.close();
    }
  });

  it('changes rate and mode at run time keeping the traffic already counted, and nothing else', async () => {
    const { own, at } = await clocked({ rateLimitPerSecond: 0 });
    try {
      const dead = token('w');
      own.faults.deviceNotRegisteredAtTicket.add(dead);
      const first = await push(at(0), [{ to: dead }, ...batch(40)]);
      expect(first.status).toBe(200);
      own.faults.rateLimit = { perSecond: 50, mode: 'window' };
      // The 41 unlimited messages from 0 ms still count in the window.
      expect((await push(at(10), batch(10))).status).toBe(429);
      expect((await push(at(10), batch(9))).status).toBe(200);
      own.faults.rateLimit.perSecond = 60;
      expect((await push(at(20), batch(10))).status).toBe(200);
      // Switched to the bucket: it holds one second of the new rate.
      own.faults.rateLimit = { perSecond: 20, mode: 'bucket' };
      expect((await push(at(30), batch(21))).status).toBe(429);
      expect((await push(at(30), batch(20))).status).toBe(200);
      const stats = own.stats();
      expect(stats).toMatchObject({ messagesAccepted: 79, messagesReceived: 111, tickets: 79, byStatus: { 200: 4, 429: 2 }, faulted: { rateLimited: 2 } });
      expect(own.faults.deviceNotRegisteredAtTicket.has(dead)).toBe(true);
      const id = first.json.data[1].id;
      expect((await receipts(own, [id])).json.data).toEqual({ [id]: { status: 'ok' } });
      own.reset();
      expect(own.faults.rateLimit).toEqual({ perSecond: 0, mode: 'bucket' });
    } finally {
      await own.close();
    }
  });

  it('is set and shown through POST /__fake/faults as rateLimit {perSecond, mode}, either field alone', async () => {
    const { own, at } = await clocked({ rateLimitPerSecond: 600 });
    try {
      expect((await get(own, '/__fake/faults')).json.rateLimit).toEqual({ perSecond: 600, mode: 'bucket' });
      const set = await post(own, '/__fake/faults', { rateLimit: { perSecond: 3, mode: 'window' } });
      expect(set.json.rateLimit).toEqual({ perSecond: 3, mode: 'window' });
      expect((await push(at(0), batch(3))).status).toBe(200);
      expect((await push(at(1), batch(1))).status).toBe(429);
      expect((await post(own, '/__fake/faults', { rateLimit: { perSecond: 4 } })).json.rateLimit).toEqual({ perSecond: 4, mode: 'window' });
      expect((await push(at(2), batch(1))).status).toBe(200);
      expect((await post(own, '/__fake/faults', { rateLimit: { mode: 'bucket' } })).json.rateLimit).toEqual({ perSecond: 4, mode: 'bucket' });
      await post(own, '/__fake/reset', undefined, { raw: '' });
      expect(own.faults.rateLimit).toEqual({ perSecond: 600, mode: 'bucket' });
    } finally {
      await own.close();
    }
  });
});

describe('SlidingWindowLimiter', () => {
  it('judges a late-decided arrival against every window holding it, not only the one ending at it', () => {
    const limiter = new SlidingWindowLimiter();
    expect(limiter.take('p', 5, 5, 1_000)).toBe(0);
    // Arrived at 100 (decided after the one from 1000): (0, 1000] would hold 6.
    expect(limiter.take('p', 1, 5, 100)).toBeGreaterThanOrEqual(1);
    // At -1 it shares no window with 1000.
    expect(limiter.take('p', 5, 5, -1)).toBe(0);
    expect(limiter.take('p', 1, 5, 1_999)).toBe(1);
    expect(limiter.take('p', 5, 5, 2_000)).toBe(0);
  });

  it('gives Retry-After as the whole seconds until enough of the window has slid out', () => {
    const limiter = new SlidingWindowLimiter();
    expect(limiter.take('p', 4, 10, 0)).toBe(0);
    expect(limiter.take('p', 4, 10, 900)).toBe(0);
    expect(limiter.take('p', 4, 10, 950)).toBe(1);
    // Decided after a full batch from 5000 ms, an arrival from 4500 ms waits for that batch to
    // leave the window: 6000 ms, 1.5 s after it arrived.
    expect(limiter.take('p', 10, 10, 5_000)).toBe(0);
    expect(limiter.take('p', 1, 10, 4_500)).toBe(2);
    expect(limiter.take('p', 1, 10, 6_000)).toBe(0);
  });

  it('counts what another limiter let through, and forgets everything on reset', () => {
    const limiter = new SlidingWindowLimiter();
    limiter.record('p', 10, 0);
    expect(limiter.take('p', 1, 10, 999)).toBe(1);
    limiter.reset();
    expect(limiter.take('p', 10, 10, 999)).toBe(0);
  });
});

describe('access token', () => {
  let secured: FakeExpo;
  beforeAll(async () => {
    secured = await startFakeExpo({ accessToken: 'sekrit' });
  });
  afterAll(() => secured.close());

  it('answers 401 invalid_token (not the errors list) without or with a wrong bearer token', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: 'sekrit' }] as Record<string, string>[]) {
      const answer = await push(secured, { to: token() }, { headers });
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({
        error: 'invalid_token',
        error_description: expect.any(String),
      });
    }
    const receiptAnswer = await receipts(secured, []);
    expect(receiptAnswer.status).toBe(401);
    expect(secured.stats()).toMatchObject({
      messagesAccepted: 0,
      byStatus: { 401: 4 },
    });
  });

  it('accepts the right token on both endpoints', async () => {
    const auth = { authorization: 'Bearer sekrit' };
    const sent = await push(secured, { to: token() }, { headers: auth });
    expect(sent.json.data.status).toBe('ok');
    const got = await receipts(secured, [sent.json.data.id], { headers: auth });
    expect(got.json).toEqual({
      data: { [sent.json.data.id]: { status: 'ok' } },
    });
  });
});

describe('POST /push/getReceipts', () => {
  it('serves an ok receipt per ticket and leaves unknown ids out', async () => {
    const sent = await push(fake, [{ to: token() }, { to: token() }]);
    const ids = sent.json.data.map((t: { id: string }) => t.id);
    const answer = await receipts(fake, [...ids, 'unknown-id']);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      data: { [ids[0]]: { status: 'ok' }, [ids[1]]: { status: 'ok' } },
    });
    expect(fake.stats().receiptRequests).toBe(1);
  });

  it('accepts a gzip body', async () => {
    const sent = await push(fake, { to: token() });
    const answer = await receipts(fake, [sent.json.data.id], { gzip: true });
    expect(Object.keys(answer.json.data)).toEqual([sent.json.data.id]);
  });

  it('serves receipts only after receiptDelayMs', async () => {
    const delayed = await startFakeExpo({ receiptDelayMs: 300 });
    try {
      const id = (await push(delayed, { to: token() })).json.data.id;
      expect((await receipts(delayed, [id])).json).toEqual({ data: {} });
      await sleep(350);
      expect((await receipts(delayed, [id])).json).toEqual({
        data: { [id]: { status: 'ok' } },
      });
    } finally {
      await delayed.close();
    }
  });

  it('refuses more than 1000 ids and bodies without an ids array', async () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `id-${i}`);
    expect((await receipts(fake, ids)).status).toBe(200);
    const tooMany = await receipts(fake, [...ids, 'one-more']);
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.errors[0].code).toBe('PUSH_TOO_MANY_RECEIPTS');
    for (const body of [{}, { ids: 'x' }, { ids: [1] }, null]) {
      const answer = await post(fake, '/--/api/v2/push/getReceipts', body);
      expect(answer.status).toBe(400);
      expect(answer.json.errors[0].code).toBe('VALIDATION_ERROR');
    }
  });
});

describe('faults', () => {
  it('deviceNotRegisteredAtTicket: an error ticket naming the token', async () => {
    const [dead, alive] = [token(), token()];
    fake.faults.deviceNotRegisteredAtTicket.add(dead);
    const answer = await push(fake, [{ to: dead }, { to: alive }]);
    expect(answer.json.data[0]).toEqual({
      status: 'error',
      message: `"${dead}" is not a registered push notification recipient`,
      details: { error: 'DeviceNotRegistered', expoPushToken: dead },
    });
    expect(answer.json.data[1].status).toBe('ok');
    expect(fake.stats().acceptedByToken).toEqual({ [alive]: 1 });
  });

  it('deviceNotRegisteredAtReceipt: an ok ticket, then an error receipt', async () => {
    const dead = token();
    fake.faults.deviceNotRegisteredAtReceipt.add(dead);
    const ticket = (await push(fake, { to: dead })).json.data;
    expect(ticket.status).toBe('ok');
    const receipt = (await receipts(fake, [ticket.id])).json.data[ticket.id];
    expect(receipt).toMatchObject({
      status: 'error',
      message: expect.stringContaining(dead),
      details: { error: 'DeviceNotRegistered' },
    });
  });

  it('ticketErrors: the given error for the next `times` sends of the token, then ok', async () => {
    const [slow, creds, big] = [token(), token(), token()];
    fake.faults.ticketErrors.set(slow, {
      code: 'MessageRateExceeded',
      times: 2,
    });
    fake.faults.ticketErrors.set(creds, {
      code: 'InvalidCredentials',
      times: 1,
    });
    fake.faults.ticketErrors.set(big, { code: 'MessageTooBig', times: 1 });
    const first = await push(fake, [{ to: slow }, { to: creds }, { to: big }]);
    expect(first.json.data.map((t: { details?: { error: string } }) => t.details?.error)).toEqual([
      'MessageRateExceeded',
      'InvalidCredentials',
      'MessageTooBig',
    ]);
    const second = await push(fake, [{ to: slow }, { to: creds }, { to: big }]);
    expect(second.json.data.map((t: { status: string }) => t.status)).toEqual(['error', 'ok', 'ok']);
    expect((await push(fake, { to: slow })).json.data.status).toBe('ok');
    expect(fake.faults.ticketErrors.size).toBe(0);
  });

  it('failNextRequests: outage pages, plain text, Expo error lists, Retry-After, custom bodies, in queue order', async () => {
    fake.faults.failNextRequests.push(
      { count: 2, status: 502 },
      { count: 1, status: 504 },
      { count: 1, status: 503 },
      { count: 1, status: 429, retryAfterSeconds: 3 },
      { count: 1, status: 400 },
      { count: 1, status: 401 },
      { count: 1, status: 403 },
      { count: 1, status: 500 },
      {
        count: 1,
        status: 500,
        body: '<h1>boom</h1>',
        contentType: 'text/html',
      },
    );
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push(await push(fake, { to: token() }));
    expect(answers.map((a) => a.status)).toEqual([502, 502, 504, 503, 429, 400, 401, 403, 500, 500]);
    for (const a of answers.slice(0, 3)) {
      expect(a.headers.get('content-type')).toBe('text/html');
      expect(a.text).toMatch(/<html>[\s\S]*Gateway/);
    }
    expect(answers[3]!.headers.get('content-type')).toBe('text/plain');
    expect(answers[3]!.text).toBe('Service Unavailable');
    expect(answers[4]!.headers.get('retry-after')).toBe('3');
    expect(answers.slice(4, 9).map((a) => a.json.errors[0].code)).toEqual([
      'TOO_MANY_REQUESTS',
      'VALIDATION_ERROR',
      'UNAUTHORIZED',
      'FORBIDDEN',
      'INTERNAL_SERVER_ERROR',
    ]);
    expect(answers[9]!.text).toBe('<h1>boom</h1>');
    expect(answers[9]!.headers.get('content-type')).toBe('text/html');
    expect(fake.faults.failNextRequests).toEqual([]);
    expect((await push(fake, { to: token() })).status).toBe(200);
    expect(fake.stats()).toMatchObject({
      sendRequests: 11,
      messagesAccepted: 1,
      http429: 1,
      faulted: { failed: 10 },
    });
  });

  it('serverErrorRate: that share of requests answered 503 at random', async () => {
    fake.faults.serverErrorRate = 1;
    expect((await push(fake, { to: token() })).status).toBe(503);
    fake.faults.serverErrorRate = 0.5;
    const statuses = new Set<number>();
    for (let i = 0; i < 100; i++) statuses.add((await push(fake, { to: token() })).status);
    expect(statuses).toEqual(new Set([200, 503]));
    const stats = fake.stats();
    expect(stats.messagesAccepted).toBe(stats.byStatus[200]);
    expect(stats.byStatus[503]! + stats.byStatus[200]!).toBe(101);
    expect(stats.faulted.serverErrors).toBe(stats.byStatus[503]);
  });

  it('hangNextRequests: the body is read, no answer comes, the messages are not accepted', async () => {
    fake.faults.hangNextRequests = 1;
    const t = token();
    const started = performance.now();
    await expect(push(fake, { to: t }, { signal: AbortSignal.timeout(300) })).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(fake.stats()).toMatchObject({
      sendRequests: 1,
      messagesAccepted: 0,
      byStatus: {},
      faulted: { hung: 1 },
    });
    expect(fake.faults.hangNextRequests).toBe(0);
    expect((await push(fake, { to: t })).json.data.status).toBe('ok');
  });

  it('hung requests are ended by reset() and POST /__fake/reset: the client sees the connection drop', async () => {
    fake.faults.hangNextRequests = 2;
    const first = push(fake, { to: token() });
    await expect.poll(() => fake.stats().faulted.hung).toBe(1);
    fake.reset();
    expect(await networkErrorOf(first)).toMatch(/^(UND_ERR_SOCKET|ECONNRESET)$/);
    fake.faults.hangNextRequests = 1;
    const second = push(fake, { to: token() });
    await expect.poll(() => fake.stats().faulted.hung).toBe(1);
    expect((await post(fake, '/__fake/reset', undefined, { raw: '' })).status).toBe(200);
    expect(await networkErrorOf(second)).toMatch(/^(UND_ERR_SOCKET|ECONNRESET)$/);
    expect(fake.stats()).toMatchObject({ sendRequests: 0, messagesAccepted: 0, faulted: { hung: 0 } });
  });

  it('resetNextRequests: the body is read, the connection is reset without an answer, nothing is accepted', async () => {
    fake.faults.resetNextRequests = 1;
    const t = token();
    expect(await networkErrorOf(push(fake, { to: t }))).toMatch(/^(ECONNRESET|UND_ERR_SOCKET)$/);
    expect(fake.stats()).toMatchObject({
      sendRequests: 1,
      messagesReceived: 0,
      messagesAccepted: 0,
      tickets: 0,
      byStatus: {},
      timeline: [],
      faulted: { reset: 1, resetAfterAccept: 0 },
    });
    expect(fake.faults.resetNextRequests).toBe(0);
    expect((await push(fake, { to: t })).json.data.status).toBe('ok');
    expect(fake.stats().duplicates).toBe(0);
  });

  it('resetAfterAcceptNextRequests: the messages are accepted, then the connection is reset before the answer', async () => {
    fake.faults.resetAfterAcceptNextRequests = 1;
    const [a, b] = [token('r'), token('r')];
    const body = [
      { to: a, title: 'once', data: { n: 1 } },
      { to: b, title: 'once', data: { n: 2 } },
    ];
    expect(await networkErrorOf(push(fake, body))).toMatch(/^(ECONNRESET|UND_ERR_SOCKET)$/);
    const stats = fake.stats();
    expect(stats).toMatchObject({
      sendRequests: 1,
      messagesAccepted: 2,
      tickets: 2,
      acceptedByToken: { [a]: 1, [b]: 1 },
      byStatus: {},
      faulted: { resetAfterAccept: 1, reset: 0 },
    });
    expect(stats.timeline.map((e) => [e.project, e.count])).toEqual([['@pushgate/r', 2]]);
    expect(fake.faults.resetAfterAcceptNextRequests).toBe(0);
    // The client, not knowing, sends again: the fake sees duplicates.
    const again = await push(fake, body);
    expect(again.json.data.map((t: { status: string }) => t.status)).toEqual(['ok', 'ok']);
    expect(fake.stats()).toMatchObject({ messagesAccepted: 4, duplicates: 2 });
  });

  it('resetAfterAcceptNextRequests waits for a request that gets tickets', async () => {
    fake.faults.resetAfterAcceptNextRequests = 1;
    expect((await push(fake, { title: 'no recipient' })).status).toBe(400);
    expect(fake.faults.resetAfterAcceptNextRequests).toBe(1);
    expect(await networkErrorOf(push(fake, { to: token() }))).toMatch(/^(ECONNRESET|UND_ERR_SOCKET)$/);
    expect(fake.stats()).toMatchObject({ messagesAccepted: 1, faulted: { resetAfterAccept: 1 } });
  });

  it('malformedNextRequests: 200s whose bodies are not a valid ticket list, nothing accepted', async () => {
    fake.faults.malformedNextRequests = 3;
    const texts = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const answer = await push(fake, { to: token() });
      expect(answer.status).toBe(200);
      texts.add(answer.text);
      const data = answer.json?.data;
      const validTicket = data && typeof data === 'object' && !Array.isArray(data) && data.status === 'ok';
      const validList = Array.isArray(data) && data.length === 1;
      expect(validTicket || validList).toBe(false);
    }
    expect(texts.size).toBe(3);
    expect(fake.stats()).toMatchObject({ messagesAccepted: 0, tickets: 0, faulted: { malformed: 3 } });
    expect((await push(fake, { to: token() })).json.data.status).toBe('ok');
  });

  it('missingReceipts: those ticket ids never get a receipt', async () => {
    const ids = (await push(fake, [{ to: token() }, { to: token() }])).json.data.map((t: { id: string }) => t.id);
    fake.faults.missingReceipts.add(ids[0]);
    expect(Object.keys((await receipts(fake, ids)).json.data)).toEqual([ids[1]]);
  });

  it('latencyMs: adjustable at run time, applied to both Expo endpoints but not to admin ones', async () => {
    fake.faults.latencyMs = 200;
    let started = performance.now();
    await push(fake, { to: token() });
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    started = performance.now();
    await receipts(fake, []);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    fake.faults.latencyMs = 2_000;
    started = performance.now();
    await get(fake, '/__fake/stats');
    expect(performance.now() - started).toBeLessThan(1_500);
  });
});

describe('admin endpoints', () => {
  it('POST /__fake/faults sets faults from JSON and GET /__fake/faults reads them back', async () => {
    const [dead, deadLater, slow, fine] = [token(), token(), token(), token()];
    const set = await post(fake, '/__fake/faults', {
      deviceNotRegisteredAtTicket: [dead],
      deviceNotRegisteredAtReceipt: [deadLater],
      ticketErrors: { [slow]: { code: 'MessageRateExceeded', times: 1 } },
      failNextRequests: [{ count: 1, status: 503 }],
    });
    expect(set.status).toBe(200);
    expect(set.json).toMatchObject({
      deviceNotRegisteredAtTicket: [dead],
      failNextRequests: [{ count: 1, status: 503 }],
    });
    expect(fake.faults.deviceNotRegisteredAtTicket.has(dead)).toBe(true);
    expect(fake.faults.ticketErrors.get(slow)).toEqual({
      code: 'MessageRateExceeded',
      times: 1,
    });

    expect((await push(fake, { to: fine })).status).toBe(503);
    const answer = await push(fake, [{ to: dead }, { to: deadLater }, { to: slow }, { to: fine }]);
    expect(answer.json.data.map((t: { status: string; details?: { error: string } }) => t.details?.error ?? t.status)).toEqual([
      'DeviceNotRegistered',
      'ok',
      'MessageRateExceeded',
      'ok',
    ]);
    const receipt = (await receipts(fake, [answer.json.data[1].id])).json.data[answer.json.data[1].id];
    expect(receipt.details.error).toBe('DeviceNotRegistered');

    await post(fake, '/__fake/faults', {
      hangNextRequests: 2,
      resetNextRequests: 3,
      resetAfterAcceptNextRequests: 4,
      malformedNextRequests: 1,
      serverErrorRate: 0.25,
      latencyMs: 5,
      missingReceipts: ['x'],
    });
    const read = await get(fake, '/__fake/faults');
    expect(read.json).toMatchObject({
      hangNextRequests: 2,
      resetNextRequests: 3,
      resetAfterAcceptNextRequests: 4,
      malformedNextRequests: 1,
      serverErrorRate: 0.25,
      latencyMs: 5,
      missingReceipts: ['x'],
      deviceNotRegisteredAtTicket: [dead],
    });
  });

  it('refuses invalid faults with 400 and changes nothing', async () => {
    fake.faults.hangNextRequests = 0;
    for (const body of [
      { serverErrorRate: 2 },
      { hangNextRequests: 1, failNextRequests: [{ count: 0, status: 500 }] },
      { deviceNotRegisteredAtTicket: 'x' },
      { ticketErrors: { t: { code: 'X' } } },
      [],
    ]) {
      const answer = await post(fake, '/__fake/faults', body);
      expect(answer.status).toBe(400);
      expect(answer.json.error.message).toEqual(expect.any(String));
    }
    expect((await post(fake, '/__fake/faults', null, { raw: 'nope' })).status).toBe(400);
    expect(fake.faults.hangNextRequests).toBe(0);
    expect(fake.faults.failNextRequests).toEqual([]);
  });

  it('names the offending field of an invalid fault, and changes nothing', async () => {
    const before = (await get(fake, '/__fake/faults')).json;
    for (const [body, field] of [
      [{ rateLimit: { mode: 'leaky' } }, 'rateLimit.mode'],
      [{ rateLimit: { perSecond: -1 } }, 'rateLimit.perSecond'],
      [{ rateLimit: { perSecond: 5, rate: 5 } }, 'rateLimit.rate'],
      [{ rateLimit: 5 }, 'rateLimit'],
      [{ latencyMs: 5, rateLimit: { perSecond: 'fast' } }, 'rateLimit.perSecond'],
      [{ resetNextRequests: -1 }, 'resetNextRequests'],
      [{ resetNextRequests: 1, resetAfterAcceptNextRequests: '2' }, 'resetAfterAcceptNextRequests'],
      [{ refuseConnections: 'yes' }, 'refuseConnections'],
      [{ hangNextRequests: 1, refuseConnections: -1 }, 'refuseConnections'],
      [{ hangNextRequests: 1, refuseConnection: true }, 'refuseConnection'],
    ] as const) {
      const answer = await post(fake, '/__fake/faults', body);
      expect(answer.status, field).toBe(400);
      expect(answer.json.error.message, field).toMatch(new RegExp(`^${field.replace('.', '\\.')} `));
    }
    expect((await get(fake, '/__fake/faults')).json).toEqual(before);
    // What GET shows, POST takes back.
    expect((await post(fake, '/__fake/faults', before)).json).toEqual(before);
  });

  it('GET /__fake/stats serialises maps as objects; ?brief=1 leaves out the per-token counts', async () => {
    const t = token();
    await push(fake, [{ to: t }, { to: t, title: 'again' }]);
    const full = await get(fake, '/__fake/stats');
    expect(full.json).toMatchObject({
      sendRequests: 1,
      messagesAccepted: 2,
      acceptedByToken: { [t]: 2 },
      byStatus: { 200: 1 },
    });
    expect(full.json.timeline).toHaveLength(1);
    const brief = await get(fake, '/__fake/stats?brief=1');
    expect(brief.json.acceptedByToken).toEqual({});
    expect(brief.json.messagesAccepted).toBe(2);
    // Admin requests are not counted as Expo traffic.
    expect(fake.stats().byStatus).toEqual({ 200: 1 });
  });

  it('POST /__fake/reset clears stats, tickets and faults (and the collections stay live)', async () => {
    const deadSet = fake.faults.deviceNotRegisteredAtTicket;
    deadSet.add('ExponentPushToken[gone]');
    const id = (await push(fake, { to: token() })).json?.data?.id;
    fake.faults.hangNextRequests = 5;
    fake.faults.resetNextRequests = 5;
    fake.faults.resetAfterAcceptNextRequests = 5;
    expect((await post(fake, '/__fake/reset', undefined, { raw: '' })).json).toEqual({ ok: true });
    expect(fake.stats()).toMatchObject({
      sendRequests: 0,
      messagesAccepted: 0,
      tickets: 0,
      acceptedByToken: {},
      timeline: [],
    });
    expect(fake.faults).toMatchObject({ hangNextRequests: 0, resetNextRequests: 0, resetAfterAcceptNextRequests: 0 });
    expect(deadSet.size).toBe(0);
    expect((await receipts(fake, [id])).json).toEqual({ data: {} });
    const t = token();
    deadSet.add(t);
    expect((await push(fake, { to: t })).json.data.details.error).toBe('DeviceNotRegistered');
  });

  it('answers 404 for unknown paths', async () => {
    expect((await get(fake, '/__fake/nothing')).status).toBe(404);
    expect((await get(fake, '/--/api/v2/push/send')).status).toBe(404);
    expect((await post(fake, '/--/api/v2/push/other', {})).status).toBe(404);
  });
});

describe('stats', () => {
  it('counts duplicates: the same (to, content) accepted again', async () => {
    const [a, b] = [token(), token()];
    await push(fake, { to: a, title: 'hello', data: { n: 1 } });
    await push(fake, { to: a, title: 'hello', data: { n: 1 } });
    await push(fake, { to: a, title: 'hello', data: { n: 2 } });
    await push(fake, { to: [a, b], title: 'hello', data: { n: 3 } });
    const stats = fake.stats();
    expect(stats).toMatchObject({
      duplicates: 1,
      messagesAccepted: 5,
      acceptedByToken: { [a]: 4, [b]: 1 },
    });
  });

  it('stamps the timeline with arrival time, project and count per accepted request', async () => {
    const before = Date.now();
    await push(fake, [{ to: token('p') }, { to: token('p') }]);
    await push(fake, { to: token() });
    await push(fake, { to: 'bad' });
    const { timeline } = fake.stats();
    expect(timeline.map(({ project, count }) => ({ project, count }))).toEqual([
      { project: '@pushgate/p', count: 2 },
      { project: '@pushgate/default', count: 1 },
    ]);
    expect(timeline[0]!.at).toBeGreaterThanOrEqual(before - 1);
    expect(timeline[1]!.at).toBeGreaterThanOrEqual(timeline[0]!.at);
  });
});

describe('connections', () => {
  function httpPost(url: string, agent: Agent, body: string): Promise<{ reused: boolean; status: number }> {
    return new Promise((resolve, reject) => {
      const req = request(`${url}/--/api/v2/push/send`, {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json' },
      });
      req.on('response', (res: IncomingMessage) => {
        res.resume();
        res.on('end', () => resolve({ reused: req.reusedSocket, status: res.statusCode ?? 0 }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  it('keeps connections alive between requests, and close() ends idle ones at once', async () => {
    const own = await startFakeExpo();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await httpPost(own.url, agent, JSON.stringify({ to: token() }));
      const second = await httpPost(own.url, agent, JSON.stringify({ to: token() }));
      expect([first, second]).toEqual([
        { reused: false, status: 200 },
        { reused: true, status: 200 },
      ]);
      const started = performance.now();
      await own.close();
      // Without closing idle sockets, close() would wait out the 10 s keep-alive.
      expect(performance.now() - started).toBeLessThan(1_000);
    } finally {
      agent.destroy();
    }
  });

  it('close() ends hung requests too; the client sees the connection drop', async () => {
    const own = await startFakeExpo();
    own.faults.hangNextRequests = 1;
    const hung = push(own, { to: token() });
    await expect.poll(() => own.stats().sendRequests).toBe(1);
    const started = performance.now();
    await own.close();
    expect(performance.now() - started).toBeLessThan(1_000);
    await expect(hung).rejects.toThrow();
    expect(own.stats().messagesAccepted).toBe(0);
  });

  it('refuseConnections: new connections get ECONNREFUSED, pooled ones are closed, and clearing it listens on the same port again', async () => {
    const own = await startFakeExpo();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect(await httpPost(own.url, agent, JSON.stringify({ to: token() }))).toEqual({ reused: false, status: 200 });
      expect((await push(own, { to: token() })).status).toBe(200);
      own.faults.refuseConnections = true;
      expect(own.faults.refuseConnections).toBe(true);
      expect(own.stats().faulted).toMatchObject({ refusals: 1, connectionsClosed: 2 });
      expect(await tcpConnect(own)).toBe('ECONNREFUSED');
      // The agent's pooled connection is gone: its next request fails whichever way it learns so.
      await expect(httpPost(own.url, agent, JSON.stringify({ to: token() }))).rejects.toMatchObject({
        code: expect.stringMatching(/^(ECONNREFUSED|ECONNRESET|EPIPE)$/),
      });
      expect(await networkErrorOf(push(own, { to: token() }))).toMatch(/^(ECONNREFUSED|ECONNRESET|UND_ERR_SOCKET)$/);
      expect(await networkErrorOf(push(own, { to: token() }))).toBe('ECONNREFUSED');
      expect(own.stats()).toMatchObject({ sendRequests: 2, messagesAccepted: 2 });

      own.faults.refuseConnections = false;
      expect(await tcpConnect(own)).toBe('connected');
      expect((await push(own, { to: token() })).status).toBe(200);
      expect((await httpPost(own.url, agent, JSON.stringify({ to: token() }))).status).toBe(200);
      expect(own.stats()).toMatchObject({ sendRequests: 4, messagesAccepted: 4, faulted: { refusals: 1 } });
    } finally {
      agent.destroy();
      await own.close();
    }
  });

  it('refuseConnections: a request already being read is answered, with Connection: close, and its connection closed', async () => {
    const own = await startFakeExpo();
    const agent = new Agent({ keepAlive: true });
    try {
      const req = request(`${own.url}/--/api/v2/push/send`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } });
      const answered = new Promise<IncomingMessage>((resolve, reject) => {
        req.on('response', resolve);
        req.on('error', reject);
      });
      req.write(`[{"to": "${token()}",`);
      await expect.poll(() => own.stats().sendRequests).toBe(1);
      own.faults.refuseConnections = true;
      expect(await tcpConnect(own)).toBe('ECONNREFUSED');
      req.end(' "title": "in flight"}]');
      const res = await answered;
      const closed = new Promise((resolve) => res.socket.once('close', resolve));
      res.resume();
      expect(res.statusCode).toBe(200);
      expect(res.headers.connection).toBe('close');
      await closed;
      expect(own.stats()).toMatchObject({ messagesAccepted: 1, faulted: { refusals: 1, connectionsClosed: 1 } });
    } finally {
      agent.destroy();
      await own.close();
    }
  });

  it('refuseConnections takes a number of ms (the way to end it from JSON), and reset() and close() end it', async () => {
    const own = await startFakeExpo();
    try {
      const set = await post(own, '/__fake/faults', { refuseConnections: 60_000 });
      // The admin request that switched it on still gets its answer.
      expect(set.status).toBe(200);
      expect(set.json.refuseConnections).toBe(true);
      expect(await networkErrorOf(get(own, '/__fake/faults'))).toBe('ECONNREFUSED');
      // Set again, the time counts from now: here 50 ms, then it listens again by itself.
      own.faults.refuseConnections = 50;
      expect(own.faults.refuseConnections).toBe(true);
      await expect.poll(() => own.faults.refuseConnections, { timeout: 10_000 }).toBe(false);
      expect((await get(own, '/__fake/faults')).json.refuseConnections).toBe(false);
      expect((await push(own, { to: token() })).status).toBe(200);

      own.faults.refuseConnections = true;
      own.reset();
      expect(own.faults.refuseConnections).toBe(false);
      // A bare connection: fetch could still pick the pooled one the refusal closed.
      expect(await tcpConnect(own)).toBe('connected');

      own.faults.refuseConnections = 0;
      expect(own.faults.refuseConnections).toBe(false);
      expect(() => {
        own.faults.refuseConnections = -1;
      }).toThrow(/refuseConnections must be/);

      own.faults.refuseConnections = 1;
      await own.close();
      // Closed while refusing: its timer does not bring it back.
      await sleep(50);
      expect(await tcpConnect(own)).toBe('ECONNREFUSED');
    } finally {
      await own.close();
    }
  });
});

describe('running as a program', () => {
  const children: ReturnType<typeof spawn>[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('main.ts prints {"url"} when ready, applies its flags, and exits 0 on SIGTERM', async () => {
    const flags = ['--port', '0', '--rate-limit', '10', '--rate-limit-mode', 'window', '--latency-ms', '1'];
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/fake-expo/main.ts', ...flags], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    const { url } = JSON.parse(line) as { url: string };
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const remote = { url } as FakeExpo;
    const eleven = Array.from({ length: 11 }, () => ({ to: token() }));
    expect((await push(remote, eleven)).status).toBe(429);
    expect((await push(remote, eleven.slice(1))).status).toBe(200);
    expect((await get(remote, '/__fake/stats?brief=1')).json).toMatchObject({
      http429: 1,
      messagesAccepted: 10,
      faulted: { rateLimited: 1 },
    });
    expect((await get(remote, '/__fake/faults')).json.rateLimit).toEqual({ perSecond: 10, mode: 'window' });
    // Refusing connections, it listens on nothing, and must still not exit until told to.
    expect((await post(remote, '/__fake/faults', { refuseConnections: true })).json.refuseConnections).toBe(true);
    await sleep(200);
    expect(child.exitCode).toBeNull();
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('main.ts exits 2 with usage on a bad flag', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/fake-expo/main.ts', '--rate-limit', 'lots'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(2);
    expect(stderr).toContain('--rate-limit must be a number');
    expect(stderr).toContain('usage: fake-expo');
  });

  it('parseFakeExpoArgs sets only the given flags', () => {
    expect(parseFakeExpoArgs([])).toEqual({});
    expect(
      parseFakeExpoArgs([
        '--port',
        '4000',
        '--latency-ms',
        '20',
        '--rate-limit',
        '0',
        '--rate-limit-mode',
        'window',
        '--receipt-delay-ms',
        '5',
        '--access-token',
        'k',
        '--default-project',
        '@a/b',
        '--host',
        '0.0.0.0',
      ]),
    ).toEqual({
      port: 4000,
      latencyMs: 20,
      rateLimitPerSecond: 0,
      rateLimitMode: 'window',
      receiptDelayMs: 5,
      accessToken: 'k',
      defaultProject: '@a/b',
      host: '0.0.0.0',
    });
    expect(() => parseFakeExpoArgs(['--port', '-1'])).toThrow(/--port/);
    expect(() => parseFakeExpoArgs(['--nope'])).toThrow();
    expect(() => parseFakeExpoArgs(['--rate-limit-mode', 'leaky'])).toThrow(/--rate-limit-mode must be one of bucket, window/);
  });

  it('runFakeExpo logs where it listens and drops its signal handlers when closed', async () => {
    const lines: string[] = [];
    const before = process.listenerCount('SIGTERM');
    const running = await runFakeExpo({ logger: (l) => lines.push(l) });
    expect(lines).toEqual([`fake-expo listening on ${running.url}`]);
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    expect((await push(running, { to: token() })).status).toBe(200);
    await running.close();
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });
});
