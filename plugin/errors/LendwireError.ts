/** One field-level problem, reported with its JSON path (e.g. `/applicant/ssn`). */
export interface FieldProblem {
  path: string;
  message: string;
}

/**
 * Base of every error lendwire throws on purpose. The message chains the cause
 * ("...; caused by ...") so a log line tells the whole story.
 */
export class LendwireError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    const cause = options?.cause;
    const causeText = cause instanceof Error ? cause.message : cause === undefined ? '' : String(cause);
    super(causeText ? `${message}; caused by ${causeText}` : message, options);
    this.name = new.target.name;
  }
}

/** The caller sent something invalid; `problems` lists every failing field. */
export class InputError extends LendwireError {
  constructor(
    message: string,
    readonly problems: FieldProblem[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The request could not even be read (malformed JSON, wrong content type). */
export class MalformedRequestError extends LendwireError {}

/** The request body is not in a media type the route accepts. */
export class UnsupportedMediaTypeError extends LendwireError {}

/** The request body is larger than the configured limit. */
export class PayloadTooLargeError extends LendwireError {}

/** No credentials, or credentials that do not check out. */
export class NotAuthenticatedError extends LendwireError {}

/** Authenticated, but this principal may not do this. */
export class NotAllowedError extends LendwireError {}

/** The thing does not exist, or the principal may not know it exists. */
export class NotFoundError extends LendwireError {}

/** The request conflicts with the current state (e.g. idempotency key reused with another body). */
export class ConflictError extends LendwireError {}

/** Too many requests; `retryAfterSeconds` tells the caller when to come back. */
export class RateLimitedError extends LendwireError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** Seconds a caller is told to wait (Retry-After) when a dependency is unavailable. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** A dependency (Postgres, Redis, a vendor) is not available right now; retrying later may work. */
export class UnavailableError extends LendwireError {
  readonly retryAfterSeconds: number;

  constructor(message: string, options?: { cause?: unknown; retryAfterSeconds?: number }) {
    super(message, options);
    this.retryAfterSeconds = options?.retryAfterSeconds ?? UNAVAILABLE_RETRY_AFTER_SECONDS;
  }
}

/** A dependency did not answer within the time lendwire allows a request to wait for it. */
export class DependencyTimeoutError extends UnavailableError {}

/** Configuration (manifest, options, registration) is wrong; start-up must not go on. */
export class ConfigurationError extends LendwireError {
  constructor(
    message: string,
    readonly problems: FieldProblem[] = [],
    options?: { cause?: unknown },
  ) {
    super(problems.length ? `${message}:\n${problems.map((p) => `  - ${p.path || '/'}: ${p.message}`).join('\n')}` : message, options);
  }
}
