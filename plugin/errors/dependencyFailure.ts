import { errorChain, type ErrorLink } from './errorChain.js';

/** Socket-level failures: the peer is gone, refused us, or never answered. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED', 'EADDRNOTAVAIL']);

/**
 * PostgreSQL SQLSTATEs that say "the server cannot serve you right now":
 * class 08 (connection exception), 57P01-57P03 (admin shutdown, crash
 * shutdown, cannot connect now) and 53300 (too many connections).
 */
const PG_UNAVAILABLE = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;

/** Error names that knex, ioredis and BullMQ use for "gave up waiting on the connection". */
const UNAVAILABLE_NAMES = new Set(['KnexTimeoutError', 'MaxRetriesPerRequestError', 'DependencyTimeoutError']);

/** Messages without a code: pg's dropped socket, ioredis' closed or offline connection, timeouts. */
const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /client has encountered a connection error/i,
  /timeout exceeded when trying to connect/i,
  /connection is closed/i,
  /stream isn't writeable/i,
  /command timed out/i,
  /reached the max retries per request limit/i,
  /timeout acquiring a connection/i,
];

function linkIsUnavailable(l: ErrorLink): boolean {
  if (l.code && (CONNECTION_CODES.has(l.code) || PG_UNAVAILABLE.test(l.code))) return true;
  if (l.name && UNAVAILABLE_NAMES.has(l.name)) return true;
  return !!l.message && UNAVAILABLE_MESSAGES.some((re) => re.test(l.message!));
}

/**
 * True when an error means a dependency (PostgreSQL, Redis) cannot be reached
 * or refuses connections right now, so a retry later may work: the one
 * classification behind every 503 lendwire answers for an outage. It looks at
 * the whole cause chain, so wrapped errors classify like the originals.
 */
export function isDependencyUnavailable(err: unknown): boolean {
  return errorChain(err).some(linkIsUnavailable);
}
