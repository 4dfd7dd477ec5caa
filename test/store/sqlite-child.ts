/**
 * A separate OS process on a shared SQLite file, for test/store.sqlite.test.ts. Prints `ready`,
 * waits for a line on stdin, then:
 *   claim <file> <owner>            claims (limit 5, 1 ms apart) until nothing is due; prints the ids as JSON
 *   budget <file> <project> <ms>    asks for budget (7 at a time, limit 150/s) for <ms>; prints the grants as JSON
 */
import { createInterface } from 'node:readline';
import { SqliteStore } from '../../src/store/sqlite/index.js';

const [mode, file, name, arg] = process.argv.slice(2);
const store = new SqliteStore(file!);
console.log('ready');
await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once('line', () => resolve()));

if (mode === 'claim') {
  const ids: string[] = [];
  for (;;) {
    const batch = await store.claimDueDeliveries({ owner: name!, now: Date.now(), leaseMs: 60_000, limit: 5 });
    if (batch.length === 0) break;
    ids.push(...batch.map((d) => d.id));
    // A dispatcher sends between claims; SQLite's lock is not fair, so without a pause one process
    // could take every claim while the others sleep in their busy handlers.
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  console.log(JSON.stringify(ids));
} else if (mode === 'budget') {
  const grants: { at: number; n: number }[] = [];
  const deadline = Date.now() + Number(arg);
  while (Date.now() < deadline) {
    const now = Date.now();
    const budget = await store.reserveSendBudget(name!, 7, 150, now);
    if (budget.granted > 0) grants.push({ at: now, n: budget.granted });
    else await new Promise((resolve) => setTimeout(resolve, budget.waitMs));
  }
  console.log(JSON.stringify(grants));
}
await store.close();
process.exit(0);
