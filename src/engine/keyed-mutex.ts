/**
 * One task at a time per key, in arrival order. The dispatcher queues its requests for one Expo
 * project here while they wait for send budget, so a busy process asks the store for that
 * project's budget once at a time instead of once per request in flight: on PostgreSQL each ask
 * is a transaction that queues on an advisory lock while holding a pooled connection, and 16
 * asking at once starved the HTTP API of connections (http_send 935 requests/s, 2,900 without).
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await task();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
