import type { Request } from 'express';
import type { Logger } from 'pino';
import type { AuthHook, Principal } from '../auth.js';
import { NotAllowedError, UnavailableError } from '../../errors/index.js';
import { checkPrincipal } from './checkPrincipal.js';

/** The error's own words with the request's credentials cut out (a hook may echo the token it could not verify). */
function safeMessage(err: unknown, req: Request): string {
  let message = err instanceof Error ? err.message : String(err);
  for (const header of ['authorization', 'cookie', 'x-api-key']) {
    const value = req.get(header);
    if (!value) continue;
    for (const secret of [value, ...value.split(/[\s;,=]+/)].filter((part) => part.length >= 8)) message = message.replaceAll(secret, '[redacted]');
  }
  return message.replace(/(bearer|basic)\s+\S+/gi, '$1 [redacted]').slice(0, 500);
}

/**
 * Asks the host's auth hook who is calling, and refuses anything it cannot
 * trust: a hook that throws or rejects is a 503 (the host's auth is down, not
 * the caller's fault: try again), an answer that is not a valid principal is a
 * 403 with a log line naming what was wrong. `null` means unauthenticated.
 */
export async function askAuthHook(req: Request, auth: AuthHook, logger: Logger): Promise<Principal | null> {
  let answer: unknown;
  try {
    answer = await auth(req);
  } catch (err) {
    const name = err instanceof Error ? err.name : typeof err;
    logger.error({ authHookError: { name, message: safeMessage(err, req) } }, "the host's auth hook failed; request answered 503");
    throw new UnavailableError('Authentication is unavailable right now; try again shortly');
  }
  if (answer === null || answer === undefined) return null;
  const checked = checkPrincipal(answer);
  if (checked.ok) return checked.principal;
  logger.warn({ principalProblems: checked.problems }, "the host's auth hook answered a malformed principal; request refused");
  throw new NotAllowedError("The caller's identity could not be used (the host's auth hook answered a malformed principal)");
}
