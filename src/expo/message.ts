/** The message shape of Expo's push API: a notification's content addressed to one token. */
import type { MessageContent } from '../domain/message.js';

/** A message as sent to Expo. */
export type ExpoPushMessage = MessageContent & { to: string };
