/** Typed errors of the library; the HTTP layer maps `code` to a status. */
export { MessageValidationError } from '../expo/message.js';

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

/** The instance was closed. */
export class ClosedError extends PushgateError {
  constructor() {
    super('Closed', 'this Pushgate instance is closed');
  }
}
