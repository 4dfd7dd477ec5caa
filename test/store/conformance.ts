/**
 * The Store conformance suite: every method of src/store/store.ts and every state transition it
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
import type { Store } from '../../src/store/store.js';
import { budgetConformance } from './conformance/budget.js';
import type { ConformanceContext } from './conformance/context.js';
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
  /** Two stores sharing one fresh, migrated, empty database (two processes). */
  makeSharedPair?: () => Promise<[Store, Store]>;
}

export function describeStoreConformance(name: string, makeStore: () => Promise<Store>, options: StoreConformanceOptions = {}): void {
  describe(`${name} conforms to the Store port`, () => {
    const opened: Store[] = [];
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });
    const { makeSharedPair } = options;
    const context: ConformanceContext = {
      async fresh() {
        const store = await makeStore();
        opened.push(store);
        return store;
      },
      pair: makeSharedPair
        ? async () => {
            const stores = await makeSharedPair();
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
