import { type FieldProblem, ConflictError, InputError, LendwireError, MalformedRequestError, NotAllowedError, NotAuthenticatedError, NotFoundError } from '../errors/index.js';
import type { CallbackRefusalStatus } from '../sdk/LenderCallbacks.js';

/** The typed error (hence the HTTP status, via toProblem) for an adapter's refusal. */
export function refusalError(status: CallbackRefusalStatus, reason: string, problems: FieldProblem[] = []): LendwireError {
  switch (status) {
    case 400:
      return new MalformedRequestError(reason);
    case 401:
      return new NotAuthenticatedError(reason);
    case 403:
      return new NotAllowedError(reason);
    case 404:
      return new NotFoundError(reason);
    case 409:
      return new ConflictError(reason);
    case 422:
      return new InputError(reason, problems);
    default:
      return new NotAuthenticatedError(reason);
  }
}
