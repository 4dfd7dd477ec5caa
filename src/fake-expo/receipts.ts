/** POST /--/api/v2/push/getReceipts */
import type { IncomingMessage } from 'node:http';
import { checkAccessToken } from './auth.js';
import { readJson } from './body.js';
import { delay, type FakeContext } from './context.js';
import type { Receipt } from './protocol.js';
import { MAX_RECEIPT_IDS } from './protocol.js';
import { expoError, json, type Reply } from './replies.js';

/** Answers `{ids}` with `{data: {id: receipt}}`; ids without an available receipt are left out, as Expo does. */
export async function handleReceipts(ctx: FakeContext, req: IncomingMessage): Promise<Reply> {
  const { state } = ctx;
  state.counters.receiptRequests++;
  const body = await readJson(req, () => state.counters.gzipRequests++);
  checkAccessToken(req, ctx.accessToken);
  await delay(state.faults.latencyMs);
  const ids = (body as { ids?: unknown } | null)?.ids;
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) {
    throw expoError(400, 'VALIDATION_ERROR', '"ids" must be an array of receipt ids (strings).');
  }
  if (ids.length > MAX_RECEIPT_IDS) {
    throw expoError(400, 'PUSH_TOO_MANY_RECEIPTS', `You are trying to get more than ${MAX_RECEIPT_IDS} push receipts in one request.`);
  }
  const now = Date.now();
  const data: Record<string, Receipt> = {};
  for (const id of ids as string[]) {
    const receipt = state.receipt(id, now, ctx.receiptDelayMs);
    if (receipt) data[id] = receipt;
  }
  return json(200, { data });
}
