/**
 * One HTTP request on an undici pool that also says when the request was fully written to the
 * socket. `pool.request()` cannot: its handler keeps undici's `onRequestSent` to itself. The send
 * budget needs that moment: the process may be busy between deciding to send and the write, and
 * the budget must count a request from when it really left.
 */
import { type Dispatcher, util } from 'undici';

export interface RawHttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** Sends `options` and collects the whole answer; `onWritten` runs once the request is on the wire. */
export function dispatchRequest(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions, onWritten?: () => void): Promise<RawHttpResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let status = 0;
    let headers: Record<string, string | string[] | undefined> = {};
    // undici's legacy handler interface (onHeaders/onData/onComplete), still what dispatch takes as is.
    const handler = {
      onConnect() {},
      onRequestSent() {
        onWritten?.();
      },
      onHeaders(statusCode: number, rawHeaders: Buffer[]) {
        status = statusCode;
        headers = util.parseHeaders(rawHeaders) as Record<string, string | string[] | undefined>;
        return true;
      },
      onData(chunk: Buffer) {
        chunks.push(chunk);
        return true;
      },
      onComplete() {
        resolve({ status, headers, text: Buffer.concat(chunks).toString('utf8') });
      },
      onError(error: Error) {
        reject(error);
      },
      onUpgrade() {},
    };
    dispatcher.dispatch(options, handler as unknown as Dispatcher.DispatchHandler);
  });
}
