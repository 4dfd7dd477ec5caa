/** Public surface of the fake Expo push service. */

export { runFakeExpo } from './cli.js';
export type { FailSpec, FakeExpoFaults } from './faults.js';
export type { Receipt, Ticket } from './protocol.js';
export { isPushToken, MAX_MESSAGES, MAX_PAYLOAD_BYTES, MAX_RECEIPT_IDS, projectOf } from './protocol.js';
export type { RateLimit, RateLimitMode } from './rate-limit.js';
export { type FakeExpo, type FakeExpoOptions, RECEIPTS_PATH, SEND_PATH, startFakeExpo } from './server.js';
export type { FakeExpoStats, FaultedCounts } from './state.js';
