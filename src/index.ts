/**
 * The pushgate package: the library, its errors and types, the HTTP server and the fake Expo.
 * Beside it: `pushgate/convex` (the Convex component's client over Pushgate) and `pushgate/client`
 * (a typed HTTP client for the REST API).
 */

export type { ApiKeyCheck, CreatedApiKey } from './core/api-keys.js';
export { DEFAULTS, type ExpoOptions, type PushgateOptions, type ResolvedConfig } from './core/config.js';
export type { FanOutArgs, FanOutResult, RecordTokenArgs, SendArgs, TokenImportItem, TokenImportResult, UserStatus } from './core/pushgate.js';
export { Pushgate, SchemaNotMigratedError } from './core/pushgate.js';
export type { WaitEnd, WaitUntil } from './core/wait.js';
export { type Clock, systemClock } from './domain/clock.js';
export {
  ClosedError,
  IdempotencyKeyReusedError,
  InvalidArgumentError,
  InvalidCursorError,
  type MessageErrorCode,
  MessageValidationError,
  PushgateError,
  UnregisteredUserError,
} from './domain/errors.js';
export { MAX_JSON_DEPTH } from './domain/json.js';
export { EXTENSION_FIELD, isExpoPushToken, MAX_PAYLOAD_BYTES, MESSAGE_FIELDS, type MessageContent, type PushMessageContent } from './domain/message.js';
export * from './domain/records.js';
export * from './domain/states.js';
export { type FakeExpo, type FakeExpoOptions, startFakeExpo } from './fake-expo/index.js';
export { MAX_BATCH_USERS } from './http/batch.js';
export { MAX_IMPORT_TOKENS } from './http/device-tokens.js';
export { buildServer, CONTRACT_PREFIX, DEFAULT_BODY_LIMIT, type PushgateApiOptions, pushgateApi, type ServerOptions } from './http/server.js';
export { openStore } from './store/open.js';
export type { Store, StoreStats } from './store/port.js';
