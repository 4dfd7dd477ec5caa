/** Expo's optional "enhanced security" access token. */
import type { IncomingMessage } from 'node:http';
import { invalidToken } from './replies.js';

/**
 * Checks `Authorization: Bearer <accessToken>` when the fake requires a token.
 * @throws HttpError 401 `{error: 'invalid_token', error_description}` as Expo answers.
 */
export function checkAccessToken(req: IncomingMessage, accessToken: string | null): void {
  if (accessToken && req.headers.authorization !== `Bearer ${accessToken}`) throw invalidToken();
}
