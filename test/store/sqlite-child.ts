/**
 * A separate OS process on a shared SQLite file, for test/store.sqlite.test.ts. Prints `ready`,
 * waits for a line on stdin, then:
 *   claim <file> <owner>            claims (limit 5, 1 ms apart) until nothing is due; prints the ids as JSON
 *   budget <file> <owner> <ms>      claims up to 500, then starts requests under the budget of project `proj`
 *                                   (7 at a time, limit 150/s) for <ms>; prints how many started
 */
import { createInterface } from 'node:readline';
import { createSqliteStore } from '../../src/store/sqlite/index.js';

const [mode, file, name, arg] = process.argv.slice(2);
const store = createSqliteStore(file!);
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
  const held = (await store.claimDueDeliveries({ owner: name!, now: Date.now(), leaseMs: 600_000, limit: 500 })).map((c) => c.id);
  let started = 0;
  const deadline = Date.now() + Number(arg);
  while (Date.now() < deadline && held.length > 0) {
    const result = await store.startRequest({
      deliveryIds: held.splice(0, 7),
      owner: name!,
      leaseMs: 600_000,
      budget: { project: 'proj', limit: 150, windowMs: 1000 },
    });
    started += result.started.length;
    if (result.started.length === 0) await new Promise((resolve) => setTimeout(resolve, result.waitMs));
  }
  console.log(JSON.stringify(started));
}
await store.close();
process.exit(0);
