/**
 * Every bad call to the library gets a typed PushgateError whose message names the argument: a
 * table of bad calls, each with the code it must get and the name its message must hold.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pushgate } from '../src/core/pushgate.js';
import { PushgateError } from '../src/domain/errors.js';
import { createLogger } from '../src/util/logger.js';
import { type Harness, startHarness, token } from './support/harness.js';

let h: Harness;
let validToken: string;
beforeAll(async () => {
  h = await startHarness();
  validToken = token();
  await h.pushgate.recordToken({ userId: 'u', pushToken: validToken });
});
afterAll(async () => {
  await h?.close();
});

function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 0; i < depth; i++) value = { n: value };
  return value;
}

const circular: Record<string, unknown> = { a: 1 };
circular.self = circular;

type Call = (p: Pushgate) => Promise<unknown>;
// biome-ignore lint/suspicious/noExplicitAny: bad calls are the point
const any = (value: unknown) => value as any;

/** [what, call, code, text the message must contain] */
const BAD_CALLS: [string, Call, string, string][] = [
  ['listNotifications without page or limit', (p) => p.listNotifications({}, any({})), 'InvalidArgument', 'page.page'],
  ['listNotifications with limit 1e9', (p) => p.listNotifications({}, { page: 1, limit: 1e9 }), 'InvalidArgument', 'page.limit'],
  ['listNotifications with status bogus', (p) => p.listNotifications({ status: any('bogus') }, { page: 1, limit: 10 }), 'InvalidArgument', 'filter.status'],
  [
    'listNotifications with an unknown filter',
    (p) => p.listNotifications(any({ user: 'u' }), { page: 1, limit: 10 }),
    'InvalidArgument',
    'did you mean "userId"',
  ],
  ['getNotificationsForUser with limit 1e9', (p) => p.getNotificationsForUser({ userId: 'u', limit: 1e9 }), 'InvalidArgument', 'limit'],
  ['getNotificationsForUser with limit 0.5', (p) => p.getNotificationsForUser({ userId: 'u', limit: 0.5 }), 'InvalidArgument', 'limit'],
  ['circular data', (p) => p.sendPushNotification({ userId: 'u', notification: { data: circular } }), 'InvalidMessage', 'notification.data.self'],
  ['BigInt data', (p) => p.sendPushNotification({ userId: 'u', notification: { data: { n: any(10n) } } }), 'InvalidMessage', 'notification.data.n'],
  ['a Date in data', (p) => p.sendPushNotification({ userId: 'u', notification: { data: { at: any(new Date()) } } }), 'InvalidMessage', 'notification.data.at'],
  ['data nested 10,000 deep', (p) => p.sendPushNotification({ userId: 'u', notification: { data: nested(10_000) } }), 'NestingTooDeep', 'notification.data'],
  [
    'a __proto__ key in data',
    (p) => p.sendPushNotification({ userId: 'u', notification: { data: JSON.parse('{"__proto__":{"x":1}}') } }),
    'ForbiddenKey',
    '__proto__',
  ],
  ['a notification that is a string', (p) => p.sendPushNotification({ userId: 'u', notification: any('hi') }), 'InvalidMessage', 'notification'],
  [
    'to in the notification',
    (p) => p.sendPushNotification({ userId: 'u', notification: any({ to: validToken, title: 'x' }) }),
    'InvalidMessage',
    'notification.to',
  ],
  ['a misspelt argument', (p) => p.sendPushNotification(any({ userid: 'u', notification: {} })), 'InvalidArgument', 'did you mean "userId"'],
  ['a string for userIds', (p) => p.sendToUsers({ userIds: any('u'), notification: { title: 'x' } }), 'InvalidArgument', 'userIds'],
  ['a number among userIds', (p) => p.sendToUsers({ userIds: any(['u', 7]), notification: { title: 'x' } }), 'InvalidArgument', 'userIds.1'],
  ['NUL in a user id', (p) => p.sendPushNotification({ userId: 'a\u0000b', notification: { title: 'x' } }), 'InvalidArgument', 'userId'],
  ['NUL in a user id (status)', (p) => p.getStatusForUser({ userId: 'a\u0000b' }), 'InvalidArgument', 'userId'],
  ['NUL in an id', (p) => p.getNotification({ id: 'ntf_\u0000' }), 'InvalidArgument', 'id'],
  ['NUL in a push token', (p) => p.recordToken({ userId: 'u', pushToken: 'ExponentPushToken[a\u0000b]' }), 'InvalidArgument', 'pushToken'],
  ['an unknown platform', (p) => p.recordToken({ userId: 'u', pushToken: token(), platform: any('blackberry') }), 'InvalidArgument', 'platform'],
  [
    'a bad token among many',
    (p) =>
      p.recordTokens([
        { userId: 'u', pushToken: token() },
        { userId: 'u', pushToken: 'nope' },
      ]),
    'InvalidArgument',
    '1.pushToken',
  ],
  ['sendAt 1e20', (p) => p.sendPushNotification({ userId: 'u', notification: { title: 'x' }, sendAt: 1e20 }), 'InvalidArgument', 'sendAt'],
  ['sendAt -1', (p) => p.sendPushNotification({ userId: 'u', notification: { title: 'x' }, sendAt: -1 }), 'InvalidArgument', 'sendAt'],
  [
    'sendAt an invalid Date',
    (p) => p.sendPushNotification({ userId: 'u', notification: { title: 'x' }, sendAt: new Date('nope') }),
    'InvalidArgument',
    'sendAt',
  ],
  [
    'an empty idempotency key',
    (p) => p.sendPushNotification({ userId: 'u', notification: { title: 'x' }, idempotencyKey: '' }),
    'InvalidArgument',
    'idempotencyKey',
  ],
  ['a batch item without a user', (p) => p.sendPushNotificationBatch([any({ notification: { title: 'x' } })]), 'InvalidArgument', '0.userId'],
  ['a batch that is not an array', (p) => p.sendPushNotificationBatch(any({ userId: 'u' })), 'InvalidArgument', 'items'],
  ['markOpened with openedAt NaN', (p) => p.markOpened({ id: 'ntf_x', openedAt: Number.NaN }), 'InvalidArgument', 'openedAt'],
  ['waitForNotification with no timeout', (p) => p.waitForNotification(any({ id: 'ntf_x', until: 'accepted' })), 'InvalidArgument', 'timeoutMs'],
  ['createApiKey with an empty name', (p) => p.createApiKey({ name: '' }), 'InvalidArgument', 'name'],
];

describe('bad calls to the library', () => {
  it.each(BAD_CALLS)('%s: a typed error naming the argument', async (_what, call, code, text) => {
    const error = await call(h.pushgate).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error, 'the call must fail').toBeInstanceOf(PushgateError);
    expect((error as PushgateError).code).toBe(code);
    expect((error as PushgateError).message).toContain(text);
  });

  it('stored nothing for any of them', async () => {
    expect((await h.pushgate.getNotificationsForUser({ userId: 'u' })).notifications).toHaveLength(0);
    expect(await h.pushgate.getDevices({ userId: 'u' })).toHaveLength(1);
    expect(h.fake.stats().messagesReceived).toBe(0);
  });
});

describe('bad options to Pushgate.open', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pushgate-args-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const open = (options: unknown) => Pushgate.open({ ...(options as object), logger: createLogger('silent') });

  const BAD_OPTIONS: [string, () => Promise<unknown>, string][] = [
    ['a string for the options', () => Pushgate.open(any('file:./x.db')), 'options'],
    ['databaseUrl 123', () => open({ databaseUrl: 123 }), 'databaseUrl'],
    ['databaseUrl mysql://', () => open({ databaseUrl: 'mysql://x' }), 'databaseUrl'],
    ['a misspelt option', () => open({ databseUrl: 'file:x.db' }), 'did you mean "databaseUrl"'],
    ['a misspelt Expo option', () => open({ expo: { acessToken: 'x' } }), 'did you mean "accessToken"'],
    ['a string for a number', () => open({ concurrency: '4' }), 'concurrency'],
    ['a string for a boolean', () => open({ runEngine: 'no' }), 'runEngine'],
    ['an unknown log level', () => open({ logLevel: 'LOUD' }), 'logLevel'],
  ];
  it.each(BAD_OPTIONS)('%s: InvalidArgument naming it', async (_what, call, text) => {
    const error = await call().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PushgateError);
    expect((error as PushgateError).code).toBe('InvalidArgument');
    expect((error as PushgateError).message).toContain(text);
  });

  it('a databaseUrl in a missing folder names the folder and creates nothing', async () => {
    const folder = join(dir, 'missing', 'deeper');
    const error = await open({ databaseUrl: `file:${join(folder, 'pushgate.db')}`, runEngine: false }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'InvalidArgument' });
    expect((error as Error).message).toContain(folder);
    expect((error as Error).message).toContain('does not exist');
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });

  it('a databaseUrl in an existing folder opens', async () => {
    const pushgate = await open({ databaseUrl: `file:${join(dir, 'ok.db')}`, runEngine: false });
    await pushgate.close();
    expect(existsSync(join(dir, 'ok.db'))).toBe(true);
  });
});
