/** Public surface of the fake Expo push service. */
export { type FakeExpo, type FakeExpoOptions, RECEIPTS_PATH, SEND_PATH, startFakeExpo } from './server.js';
export type { FakeExpoFaults, FailSpec } from './faults.js';
export type { FakeExpoStats } from './state.js';
export type { Receipt, Ticket } from './tickets.js';
export { MAX_MESSAGES, MAX_PAYLOAD_BYTES, MAX_RECEIPT_IDS, isPushToken, projectOf } from './protocol.js';
export { runFakeExpo } from './cli.js';
