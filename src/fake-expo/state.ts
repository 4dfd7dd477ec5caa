/** What the fake Expo remembers: faults, receipts, and the counters tests assert on. */
import { type ConnectionRefusal, clearFaults, emptyFaults, type FakeExpoFaults, type FaultDefaults } from './faults.js';
import type { Receipt } from './protocol.js';

/** What happened so far; see FakeExpo.stats(). */
export interface FakeExpoStats {
  /** Requests to /push/send (all of them, whatever the answer, hung and reset ones included). */
  sendRequests: number;
  /** Expo requests whose body came with `Content-Encoding: gzip`. */
  gzipRequests: number;
  /** Requests to /push/getReceipts. */
  receiptRequests: number;
  /** Answers to Expo endpoints by HTTP status (admin endpoints not counted). */
  byStatus: Record<number, number>;
  /** Recipients in well-formed /send requests (at most 100, valid JSON shape), whether accepted or refused. */
  messagesReceived: number;
  /** Recipients that got an ok ticket: in a 200, or in a request whose connection `resetAfterAcceptNextRequests` then reset. */
  messagesAccepted: number;
  /** Answers with status 429 (rate limit or injected; the rate limit's alone are in `faulted.rateLimited`). */
  http429: number;
  /** Accepted messages whose (to, content without `to`) had been accepted before. */
  duplicates: number;
  /** Ok tickets issued (equals messagesAccepted; kept as its own name for readers of receipts). */
  tickets: number;
  /** Accepted messages per token; empty in `GET /__fake/stats?brief=1`. */
  acceptedByToken: Record<string, number>;
  /** One entry per /send request that had messages accepted: when it arrived (ms since epoch, fractional), its project, how many. */
  timeline: { at: number; project: string; count: number }[];
  /** How often each injected fault acted, so a test can check that a fault really fired. */
  faulted: FaultedCounts;
}

/** How often each fault acted (requests, but refusals and connections for `refuseConnections`); see FakeExpoStats.faulted. */
export interface FaultedCounts {
  /** /send requests left unanswered by `hangNextRequests`. */
  hung: number;
  /** /send requests whose connection `resetNextRequests` reset before accepting anything. */
  reset: number;
  /** /send requests whose connection `resetAfterAcceptNextRequests` reset after their messages were accepted. */
  resetAfterAccept: number;
  /** /send requests answered from the `failNextRequests` queue. */
  failed: number;
  /** /send requests answered 503 by `serverErrorRate`. */
  serverErrors: number;
  /** /send requests answered by `malformedNextRequests`. */
  malformed: number;
  /** /send requests refused with 429 by the rate limit (`faults.rateLimit`), not injected ones. */
  rateLimited: number;
  /** Times `refuseConnections` was switched on. The connections refused meanwhile are refused by the kernel, uncounted. */
  refusals: number;
  /** Open connections closed because `refuseConnections` was switched on. */
  connectionsClosed: number;
}

interface StoredReceipt {
  at: number;
  receipt: Receipt;
}

const COUNTERS = ['sendRequests', 'gzipRequests', 'receiptRequests', 'messagesReceived', 'messagesAccepted', 'http429', 'duplicates', 'tickets'] as const;
type Counters = Record<(typeof COUNTERS)[number], number>;
const FAULTED: readonly (keyof FaultedCounts)[] = [
  'hung',
  'reset',
  'resetAfterAccept',
  'failed',
  'serverErrors',
  'malformed',
  'rateLimited',
  'refusals',
  'connectionsClosed',
];

function zeroed<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
}

/** Mutable state of one fake Expo server. */
export class FakeState {
  readonly faults: FakeExpoFaults;
  readonly counters: Counters = zeroed(COUNTERS);
  readonly faulted: FaultedCounts = zeroed(FAULTED);
  private readonly receipts = new Map<string, StoredReceipt>();
  private readonly seen = new Set<string>();
  private readonly acceptedByToken = new Map<string, number>();
  private byStatus: Record<number, number> = {};
  private timeline: FakeExpoStats['timeline'] = [];

  constructor(
    private readonly defaults: FaultDefaults,
    refusal: ConnectionRefusal,
  ) {
    this.faults = emptyFaults(defaults, refusal);
  }

  /** Forgets everything: counters, tickets and receipts, faults. */
  reset(): void {
    clearFaults(this.faults, this.defaults);
    this.receipts.clear();
    this.seen.clear();
    this.acceptedByToken.clear();
    for (const key of COUNTERS) this.counters[key] = 0;
    for (const key of FAULTED) this.faulted[key] = 0;
    this.byStatus = {};
    this.timeline = [];
  }

  /** Counts one answer of an Expo endpoint. */
  countStatus(status: number): void {
    this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
    if (status === 429) this.counters.http429++;
  }

  /** Records one accepted message, its ticket id and the receipt that id will get. */
  accept(token: string, contentJson: string, id: string, receipt: Receipt, now: number): void {
    this.counters.messagesAccepted++;
    this.counters.tickets++;
    this.acceptedByToken.set(token, (this.acceptedByToken.get(token) ?? 0) + 1);
    const key = `${token}\u0000${contentJson}`;
    if (this.seen.has(key)) this.counters.duplicates++;
    else this.seen.add(key);
    this.receipts.set(id, { at: now, receipt });
  }

  /** Records a request whose messages (some or all) were accepted. */
  markAccepted(at: number, project: string, count: number): void {
    this.timeline.push({ at, project, count });
  }

  /** The receipt for `id` if it is available at `now`, else undefined (Expo then leaves the id out). */
  receipt(id: string, now: number, delayMs: number): Receipt | undefined {
    const stored = this.receipts.get(id);
    if (!stored || now - stored.at < delayMs || this.faults.missingReceipts.has(id)) return undefined;
    return stored.receipt;
  }

  /** A snapshot; `brief` leaves out the per-token counts (large in benchmarks). */
  stats(brief = false): FakeExpoStats {
    return {
      ...this.counters,
      byStatus: { ...this.byStatus },
      acceptedByToken: brief ? {} : Object.fromEntries(this.acceptedByToken),
      timeline: [...this.timeline],
      faulted: { ...this.faulted },
    };
  }
}
