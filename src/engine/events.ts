import { EventEmitter } from 'node:events';

/** What the engine reports; the HTTP layer turns these into metrics. */
export interface EngineEventMap {
  /** One Expo /push/send request finished. */
  expoRequest: [{ outcome: string; status: number | null; messages: number; durationMs: number }];
  /** The rate this process sends at for a project changed (a 429 cut it, or it climbed back); null: the configured rate, or no limit. */
  sendRate: [{ project: string; ratePerSecond: number | null }];
  /** The dispatcher waited for the shared per-project send budget. */
  rateLimitWait: [{ project: string; waitMs: number }];
  /** Outcomes were stored for these notification ids. */
  applied: [ReadonlySet<string>];
  /** One /push/getReceipts request finished. */
  receiptRequest: [{ outcome: string; receipts: number; durationMs: number }];
}

export class EngineEvents extends EventEmitter<EngineEventMap> {}
