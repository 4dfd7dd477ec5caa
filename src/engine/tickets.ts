/**
 * What a ticket or receipt error means for a delivery. Expo documents DeviceNotRegistered,
 * MessageTooBig, MessageRateExceeded, MismatchSenderId and InvalidCredentials and may add more:
 * an unknown code is treated as permanent for that message, never as a reason to resend blindly.
 */
import type { ExpoReceipt, ExpoTicket } from '../expo/responses.js';

/** Codes after which the token must not be used again. */
const DEACTIVATING = new Set(['DeviceNotRegistered']);
/** Codes that a later attempt may get past. */
const TEMPORARY = new Set(['MessageRateExceeded']);

export interface ClassifiedError {
  code: string;
  message: string;
  temporary: boolean;
  deactivateDevice: boolean;
}

/** Classifies an error ticket or receipt. */
export function classifyError(entry: Extract<ExpoTicket | ExpoReceipt, { status: 'error' }>): ClassifiedError {
  const code = typeof entry.details?.error === 'string' ? entry.details.error : 'UnknownError';
  return {
    code,
    message: typeof entry.message === 'string' ? entry.message : code,
    temporary: TEMPORARY.has(code),
    deactivateDevice: DEACTIVATING.has(code),
  };
}
