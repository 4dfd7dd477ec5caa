/** The message shape of Expo's push API: a notification's content addressed to one token. */
import type { PushMessageContent } from '../domain/message.js';

/** A message as sent to Expo. */
export type ExpoPushMessage = PushMessageContent & { to: string };
