/** The pushgate package: the library, its errors and types, the HTTP server and the fake Expo. */

export type { ApiKeyCheck, CreatedApiKey } from './core/api-keys.js';
export { DEFAULTS, type ExpoOptions, type PushgateOptions, type ResolvedConfig } from './core/config.js';
export type { FanOutArgs, FanOutResult, RecordTokenArgs, SendArgs, UserStatus } from './core/pushgate.js';
export { Pushgate, SchemaNotMigratedError } from './core/pushgate.js';
export type { WaitEnd, WaitUntil } from './core/wait.js';
export { type Clock, systemClock } from './domain/clock.js';
export { ClosedError, InvalidArgumentError, InvalidCursorError, MessageValidationError, PushgateError, UnregisteredUserError } from './domain/errors.js';
export { isExpoPushToken, MAX_PAYLOAD_BYTES, type PushMessageContent } from './domain/message.js';
export * from './domain/records.js';
export * from './domain/states.js';
export { type FakeExpo, type FakeExpoOptions, startFakeExpo } from './fake-expo/index.js';
export { MAX_BATCH_USERS } from './http/batch.js';
export { buildServer, CONTRACT_PREFIX, DEFAULT_BODY_LIMIT, type PushgateApiOptions, pushgateApi, type ServerOptions } from './http/server.js';
export { openStore } from './store/open.js';
export type { Store, StoreStats } from './store/port.js';
