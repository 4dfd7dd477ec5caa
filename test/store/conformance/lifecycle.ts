/** migrate / isReady / kind / onWork. */
import { describe, expect, it } from 'vitest';
import { type ConformanceContext, devicesFor, note, sleep, T0, tok, waitFor } from './context.js';

export function lifecycleConformance({ fresh }: ConformanceContext): void {
  describe('migrate, isReady, onWork', () => {
    it('is ready once migrated; migrating again changes nothing', async () => {
      const store = await fresh();
      expect(typeof store.kind).toBe('string');
      expect(store.kind.length).toBeGreaterThan(0);
      expect((await store.health()).ready).toBe(true);
      await store.recordTokens([{ userId: 'u', token: tok('m') }], T0);
      await store.migrate();
      expect((await store.health()).ready).toBe(true);
      expect((await store.getDevicesForUser('u')).map((d) => d.token)).toEqual([tok('m')]);
    });

    it('wakes listeners after queuing (not after skipping) until unsubscribed', async () => {
      const store = await fresh();
      await devicesFor(store, 'u', 1);
      let calls = 0;
      const unsubscribe = store.onWork(() => calls++);
      expect((await store.enqueueNotifications([note('w0', 'nobody')], T0))[0]!.kind).toBe('no_devices');
      await sleep(100);
      expect(calls).toBe(0);
      await store.enqueueNotifications([note('w1', 'u')], T0);
      await waitFor(() => calls > 0);
      unsubscribe();
      const before = calls;
      await store.enqueueNotifications([note('w2', 'u')], T0);
      await sleep(150);
      expect(calls).toBe(before);
    });

    it('wakes every listener', async () => {
      const store = await fresh();
      await devicesFor(store, 'u', 1);
      let a = 0;
      let b = 0;
      store.onWork(() => a++);
      store.onWork(() => b++);
      await store.enqueueNotifications([note('w3', 'u')], T0);
      await waitFor(() => a > 0 && b > 0);
      expect(a).toBeGreaterThan(0);
      expect(b).toBeGreaterThan(0);
    });
  });
}
