/**
 * Coalescing of concurrent small operations into one statement: PostgreSQL's answer to the
 * SQLite store's group commit. At most `maxInFlight` statements run at once; a call arriving
 * while they all run waits and joins the next statement together with every other waiting call.
 * An idle service pays no added latency; a busy one pays one round trip (and for a write, one
 * commit) for many callers. On this 2-core machine a round trip on loopback costs more CPU than
 * a small insert (node's `writev` was a third of the service's time under HTTP load).
 *
 * A shared statement that fails is run again once per caller alone, so one caller's bad input
 * never fails its neighbours.
 */

interface Job<In, Out> {
  input: In;
  resolve: (output: Out) => void;
  reject: (error: unknown) => void;
}

export interface CoalescerOptions<In> {
  /** Statements running at once before callers start to wait and coalesce. */
  maxInFlight: number;
  /** Most work units one statement takes (see `weight`). */
  maxBatch: number;
  /** Work units of one input. Default 1. */
  weight?: (input: In) => number;
}

export class Coalescer<In, Out> {
  private waiting: Job<In, Out>[] = [];
  private running = 0;

  /** `runMany` answers each input, in input order, from one statement. */
  constructor(
    private readonly runMany: (inputs: In[]) => Promise<Out[]>,
    private readonly options: CoalescerOptions<In>,
  ) {}

  submit(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.options.maxInFlight && this.waiting.length > 0) {
      const jobs = this.takeBatch();
      this.running++;
      void this.run(jobs).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  /** The oldest waiting jobs up to maxBatch units (always at least one). */
  private takeBatch(): Job<In, Out>[] {
    const weight = this.options.weight ?? (() => 1);
    let units = 0;
    let count = 0;
    while (count < this.waiting.length) {
      units += weight(this.waiting[count]!.input);
      if (count > 0 && units > this.options.maxBatch) break;
      count++;
    }
    return this.waiting.splice(0, count);
  }

  private async run(jobs: Job<In, Out>[]): Promise<void> {
    let outputs: Out[];
    try {
      outputs = await this.runMany(jobs.map((job) => job.input));
    } catch (error) {
      if (jobs.length === 1) {
        jobs[0]!.reject(error);
        return;
      }
      return this.runAlone(jobs);
    }
    for (const [i, job] of jobs.entries()) job.resolve(outputs[i]!);
  }

  private async runAlone(jobs: Job<In, Out>[]): Promise<void> {
    for (const job of jobs) {
      try {
        const [output] = await this.runMany([job.input]);
        job.resolve(output!);
      } catch (error) {
        job.reject(error);
      }
    }
  }
}
