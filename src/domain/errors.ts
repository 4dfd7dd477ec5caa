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

/** A message that cannot be queued; `code` is Expo's own code where one exists. */
export class MessageValidationError extends PushgateError {
  declare readonly code: 'MessageTooBig' | 'InvalidMessage' | 'InvalidToken';
  constructor(code: 'MessageTooBig' | 'InvalidMessage' | 'InvalidToken', message: string, details?: unknown) {
    super(code, message, details);
  }
}

/** A send to a user with no active device while allowUnregisteredTokens is false. */
export class UnregisteredUserError extends PushgateError {
  constructor(readonly userId: string) {
    super('NoActiveDevices', `user ${JSON.stringify(userId)} has no active push token`);
  }
}

/** Input the library refuses (bad token, bad argument). */
export class InvalidArgumentError extends PushgateError {
  constructor(message: string, details?: unknown) {
    super('InvalidArgument', message, details);
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
