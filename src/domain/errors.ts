/**
 * Every error the library throws is a PushgateError with a stable `code`; the HTTP layer maps
 * codes to statuses. Messages name what was wrong and what to do about it.
 */

export class PushgateError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * Why a message cannot be queued: `MessageTooBig` (Expo's own code, over 4096 bytes),
 * `UnknownField` (a field Expo does not have: a typo, or a newer field to put inside `expo`),
 * `NestingTooDeep`, `ForbiddenKey` (a `__proto__` key), `InvalidMessage` (anything else: a field
 * of the wrong type, a value that is not JSON), `InvalidToken`.
 */
export type MessageErrorCode = 'MessageTooBig' | 'UnknownField' | 'NestingTooDeep' | 'ForbiddenKey' | 'InvalidMessage' | 'InvalidToken';

/** A message that cannot be queued; thrown before anything is stored. */
export class MessageValidationError extends PushgateError {
  declare readonly code: MessageErrorCode;
  constructor(code: MessageErrorCode, message: string, details?: unknown) {
    super(code, message, details);
  }
}

/** A send to a user with no active device while allowUnregisteredTokens is false. */
export class UnregisteredUserError extends PushgateError {
  constructor(readonly userId: string) {
    super(
      'NoActiveDevices',
      `user ${JSON.stringify(userId)} has no active push token: register the app's Expo push token first (recordToken, or POST /api/v1/push-notifications/device-tokens), or pass allowUnregisteredTokens: true to skip such users`,
    );
  }
}

/** Input the library refuses (bad token, bad argument); the message names the argument. */
export class InvalidArgumentError extends PushgateError {
  constructor(message: string, details?: unknown) {
    super('InvalidArgument', message, details);
  }
}

/**
 * An idempotency key seen before with a different request (another user or other content): the
 * first notification stands and nothing new is queued. Use a new key for a new notification.
 */
export class IdempotencyKeyReusedError extends PushgateError {
  constructor(
    readonly idempotencyKey: string,
    readonly existingId: string,
  ) {
    super(
      'IdempotencyKeyReused',
      `idempotency key ${JSON.stringify(idempotencyKey)} was used for a different notification (${existingId}); use a new key for a new notification`,
      { idempotencyKey, existingId },
    );
  }
}

/** A listing cursor that this service did not hand out (or that was altered). */
export class InvalidCursorError extends PushgateError {
  constructor() {
    super('InvalidCursor', 'invalid cursor: pass back the nextCursor of an earlier page unchanged, or none for the first page');
  }
}

/** Why the database cannot take a request right now. */
export type StorageProblem = 'unreachable' | 'full' | 'read_only' | 'io';

/**
 * The database cannot serve the request now (unreachable, disk full, read-only, I/O failure):
 * nothing was changed, and the same call may succeed once the database is back. `problem` says
 * which; the driver's own error is `cause`.
 */
export class StorageUnavailableError extends PushgateError {
  declare readonly code: 'StorageFull' | 'StorageUnavailable';
  constructor(
    readonly problem: StorageProblem,
    cause: unknown,
  ) {
    super(problem === 'full' ? 'StorageFull' : 'StorageUnavailable', storageMessage(problem, cause), { problem });
    this.cause = cause;
  }
}

function storageMessage(problem: StorageProblem, cause: unknown): string {
  const detail = cause instanceof Error ? `: ${cause.message}` : '';
  switch (problem) {
    case 'full':
      return `the database's disk is full${detail}; free space and retry`;
    case 'read_only':
      return `the database is read-only${detail}; retry once it accepts writes`;
    case 'unreachable':
      return `the database is unreachable${detail}; retry shortly`;
    case 'io':
      return `the database failed to read or write${detail}; retry shortly`;
  }
}

/** The instance was closed. */
export class ClosedError extends PushgateError {
  constructor() {
    super('Closed', 'this Pushgate instance is closed');
  }
}
