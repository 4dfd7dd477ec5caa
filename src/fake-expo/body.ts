/** Reading request bodies: size limit, gzip, JSON. */
import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { expoError } from './replies.js';

const gunzipAsync = promisify(gunzip);

/** Expo refuses request bodies over 5 MiB. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

/**
 * The request body, gunzipped when `Content-Encoding: gzip` (then `onGzip` is called).
 * Reads to the end even past the limit, so the client gets the 413 rather than a reset socket.
 * @throws HttpError 413 over 5 MiB (sent or unpacked), 400 for an unreadable gzip body or another encoding.
 */
export async function readBody(req: IncomingMessage, onGzip?: () => void): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  if (size > MAX_BODY_BYTES) throw tooLarge();
  const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  const encoding = req.headers['content-encoding']?.trim().toLowerCase();
  if (!encoding || encoding === 'identity') return raw;
  if (encoding !== 'gzip') throw expoError(400, 'VALIDATION_ERROR', `Unsupported Content-Encoding "${encoding}".`);
  onGzip?.();
  try {
    return await gunzipAsync(raw, { maxOutputLength: MAX_BODY_BYTES });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
    throw expoError(400, 'VALIDATION_ERROR', 'The request body is not valid gzip.');
  }
}

function tooLarge() {
  return expoError(413, 'PAYLOAD_TOO_LARGE', `The request body must be at most ${MAX_BODY_BYTES} bytes.`);
}

/**
 * The request body parsed as JSON.
 * @throws HttpError 400 VALIDATION_ERROR when it is not JSON (or see readBody).
 */
export async function readJson(req: IncomingMessage, onGzip?: () => void): Promise<unknown> {
  const body = await readBody(req, onGzip);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw expoError(400, 'VALIDATION_ERROR', 'The request body must be valid JSON.');
  }
}
