/**
 * Pushgate.sendPushNotificationBatch is all or nothing, on both stores: when one user of the batch
 * has no active device (and that is not allowed), nothing of the batch is stored or sent, so a
 * retry cannot send anything twice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { UnregisteredUserError } from '../src/domain/errors.js';
import { eventually, type Harness, startHarness, token } from './support/harness.js';
import { freshPostgresStore, postgresAvailable } from './support/postgres.js';

const postgres = await postgresAvailable();
const stores = [
  ['SQLite', async () => undefined],
  ['PostgreSQL', async () => (postgres ? await freshPostgresStore() : undefined)],
] as const;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe.each(stores)('sendPushNotificationBatch on %s', (name, makeStore) => {
  it.skipIf(name === 'PostgreSQL' && !postgres)('stores nothing when a user without devices is not allowed, and says which', async () => {
    h = await startHarness({ store: await makeStore() });
    await h.pushgate.recordTokens([
      { userId: 'a', pushToken: token() },
      { userId: 'b', pushToken: token() },
    ]);
    const batch = ['a', 'nobody', 'b'].map((userId) => ({ userId, notification: { title: `to ${userId}` } }));
    const error = await h.pushgate.sendPushNotificationBatch(batch).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnregisteredUserError);
    expect(error).toMatchObject({ code: 'NoActiveDevices', userId: 'nobody' });
    expect((await h.pushgate.stats()).notificationsByStatus).toEqual({});
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(h.fake.stats().messagesReceived).toBe(0);

    // allowed per item: the others are sent, the one without devices gets null
    const ids = await h.pushgate.sendPushNotificationBatch(batch.map((item) => ({ ...item, allowUnregisteredTokens: item.userId === 'nobody' })));
    expect(ids[1]).toBeNull();
    expect(ids.filter((id) => id !== null)).toHaveLength(2);
    await eventually(() => h!.fake.stats().messagesAccepted === 2, 'the two sent');
  });
});
