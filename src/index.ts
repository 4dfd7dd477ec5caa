/** The pushgate package: the library, its errors and types, the HTTP server and the fake Expo. */

export { DEFAULTS, type ExpoOptions, type PushgateOptions, type ResolvedConfig } from './core/config.js';
export { ClosedError, InvalidArgumentError, PushgateError, UnregisteredUserError } from './core/errors.js';
export type { FanOutArgs, FanOutResult, RecordTokenArgs, SendArgs, UserStatus } from './core/pushgate.js';
export { Pushgate } from './core/pushgate.js';
export * from './core/types.js';
export { isExpoPushToken, MAX_PAYLOAD_BYTES, MessageValidationError, type PushMessageContent } from './expo/message.js';
export { type FakeExpo, type FakeExpoOptions, startFakeExpo } from './fake-expo/index.js';
export { createApiKey, hashKey } from './http/auth.js';
export { MAX_BATCH_USERS } from './http/batch.js';
export { buildServer, CONTRACT_PREFIX, DEFAULT_BODY_LIMIT, type ServerOptions } from './http/server.js';
export { openStore } from './store/open.js';
export type { Store } from './store/store.js';
