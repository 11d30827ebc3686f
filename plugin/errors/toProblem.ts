import {
  ConflictError,
  InputError,
  LendwireError,
  MalformedRequestError,
  NotAllowedError,
  NotAuthenticatedError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  UnavailableError,
  UnsupportedMediaTypeError,
  UNAVAILABLE_RETRY_AFTER_SECONDS,
  type FieldProblem,
} from './LendwireError.js';
import { isDataError } from './isDataError.js';
import { isDependencyUnavailable } from './dependencyFailure.js';

/** An RFC 9457 problem document. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

export interface ProblemAnswer {
  problem: Problem;
  headers: Record<string, string>;
}

const PROBLEM_BASE = 'https://lendwire.dev/problems/';

/** Errors thrown by Express' own body parsers carry a `type` and a `status`. */
interface BodyParserError {
  type: string;
  status?: number;
}

function isBodyParserError(err: unknown): err is BodyParserError {
  return typeof err === 'object' && err !== null && typeof (err as { type?: unknown }).type === 'string' && 'status' in err;
}

/**
 * The one place where errors become HTTP answers. A dependency outage (any
 * error whose chain isDependencyUnavailable recognises, wherever it was thrown)
 * is a 503 with Retry-After; anything else that is not a known error is a 500
 * without its message (it may hold internals or PII).
 */
export function toProblem(err: unknown): ProblemAnswer {
  const make = (slug: string, title: string, status: number, detail?: string, extra: Partial<Problem> = {}): ProblemAnswer => ({
    problem: { type: PROBLEM_BASE + slug, title, status, ...(detail ? { detail } : {}), ...extra },
    headers: {},
  });

  if (err instanceof InputError) {
    return make('validation', 'Invalid request', 422, err.message, err.problems.length ? { errors: err.problems } : {});
  }
  if (err instanceof MalformedRequestError) return make('malformed-request', 'Malformed request', 400, err.message);
  if (err instanceof UnsupportedMediaTypeError) return make('unsupported-media-type', 'Unsupported media type', 415, err.message);
  if (err instanceof PayloadTooLargeError) return make('payload-too-large', 'Payload too large', 413, err.message);
  if (err instanceof NotAuthenticatedError) return make('unauthenticated', 'Not authenticated', 401, err.message);
  if (err instanceof NotAllowedError) return make('forbidden', 'Not allowed', 403, err.message);
  if (err instanceof NotFoundError) return make('not-found', 'Not found', 404, err.message);
  if (err instanceof ConflictError) return make('conflict', 'Conflict', 409, err.message);
  if (err instanceof RateLimitedError) {
    const answer = make('rate-limited', 'Too many requests', 429, err.message);
    answer.headers['retry-after'] = String(Math.max(1, Math.ceil(err.retryAfterSeconds)));
    return answer;
  }
  if (err instanceof UnavailableError || isDependencyUnavailable(err)) {
    // The detail never names hosts, ports or driver messages: callers only learn to come back later.
    const detail = err instanceof UnavailableError && !isDependencyUnavailable(err) ? err.message : 'A service lendwire depends on is unavailable right now; retry later';
    const answer = make('unavailable', 'Service unavailable', 503, detail);
    const seconds = err instanceof UnavailableError ? err.retryAfterSeconds : UNAVAILABLE_RETRY_AFTER_SECONDS;
    answer.headers['retry-after'] = String(Math.max(1, Math.ceil(seconds)));
    return answer;
  }
  if (isBodyParserError(err)) {
    if (err.type === 'entity.too.large') return make('payload-too-large', 'Payload too large', 413, 'The request body is larger than allowed');
    if (err.type === 'entity.parse.failed') return make('malformed-request', 'Malformed request', 400, 'The request body is not valid JSON');
    if (err.type === 'encoding.unsupported' || err.type === 'charset.unsupported') {
      return make('unsupported-media-type', 'Unsupported media type', 415, 'The request body encoding is not supported');
    }
    if (err.status && err.status >= 400 && err.status < 500) return make('malformed-request', 'Malformed request', err.status, 'The request body could not be read');
  }
  // Input errors that no specific check caught: still the caller's fault, never a 500.
  if (err instanceof URIError) return make('not-found', 'Not found', 404, 'No resource has this address: a path segment is not valid text');
  if (isDataError(err)) return make('unstorable-input', 'Invalid request', 400, 'The request holds a value that cannot be stored or compared');
  if (err instanceof LendwireError) return make('internal', 'Internal error', 500, 'An internal error occurred');
  return make('internal', 'Internal error', 500, 'An internal error occurred');
}
