/**
 * The Store conformance suite: every method of src/store/port.ts and every state transition it
 * lists, run against any implementation. Nothing here knows which database is behind the store.
 *
 *   describeStoreConformance('SqliteStore', makeStore, { makeSharedPair });
 *
 * `makeStore` returns a fresh, migrated, empty store on each call (every test gets its own);
 * `makeSharedPair`, when given, returns two stores on one fresh database, as two processes would
 * open it: the tests of concurrent claims and the shared budget use it and are skipped without it.
 * The suite closes every store it gets.
 */
import { afterEach, describe } from 'vitest';
import type { Store } from '../../src/store/port.js';
import { ManualClock } from '../support/clock.js';
import { budgetConformance } from './conformance/budget.js';
import { type ConformanceContext, type StoreFactory, T0 } from './conformance/context.js';
import { devicesConformance } from './conformance/devices.js';
import { dispatchConformance } from './conformance/dispatch.js';
import { housekeepingConformance } from './conformance/housekeeping.js';
import { httpConformance } from './conformance/http.js';
import { lifecycleConformance } from './conformance/lifecycle.js';
import { listingConformance } from './conformance/listing.js';
import { notificationsConformance } from './conformance/notifications.js';
import { receiptsConformance } from './conformance/receipts.js';
import { statusConformance } from './conformance/status.js';

export interface StoreConformanceOptions {
  /** Two stores sharing one fresh, migrated, empty database (two processes), reading `clock`. */
  makeSharedPair?: (clock: ManualClock) => Promise<[Store, Store]>;
}

export function describeStoreConformance(name: string, makeStore: StoreFactory, options: StoreConformanceOptions = {}): void {
  describe(`${name} conforms to the Store port`, () => {
    const opened: Store[] = [];
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });
    const { makeSharedPair } = options;
    const clock = new ManualClock(T0);
    const context: ConformanceContext = {
      clock,
      async fresh() {
        clock.set(T0);
        const store = await makeStore(clock);
        opened.push(store);
        return store;
      },
      pair: makeSharedPair
        ? async () => {
            clock.set(T0);
            const stores = await makeSharedPair(clock);
            opened.push(...stores);
            return stores;
          }
        : null,
    };
    lifecycleConformance(context);
    devicesConformance(context);
    notificationsConformance(context);
    dispatchConformance(context);
    statusConformance(context);
    receiptsConformance(context);
    budgetConformance(context);
    listingConformance(context);
    housekeepingConformance(context);
    httpConformance(context);
  });
}
