/** What an error (or one of its causes) says about itself. */
export interface ErrorLink {
  code?: string;
  name?: string;
  message?: string;
}

/**
 * An error and everything behind it: its `cause` chain and, for an
 * AggregateError (Node's "connect ECONNREFUSED" when both ::1 and 127.0.0.1
 * were tried), its `errors`. Every classifier of network and dependency
 * failures reads errors through this one walk, so a code wrapped by undici,
 * knex, pg or BullMQ is found wherever it sits.
 */
export function errorChain(err: unknown, maxLinks = 12): ErrorLink[] {
  const out: ErrorLink[] = [];
  const pending: unknown[] = [err];
  const seen = new Set<unknown>();
  while (pending.length && out.length < maxLinks) {
    const current = pending.shift();
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const e = current as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    out.push({
      code: typeof e.code === 'string' ? e.code : undefined,
      name: typeof e.name === 'string' ? e.name : undefined,
      message: typeof e.message === 'string' ? e.message : undefined,
    });
    if (e.cause !== undefined) pending.push(e.cause);
    if (Array.isArray(e.errors)) pending.push(...e.errors.slice(0, 4));
  }
  return out;
}

/** The first error code in the chain ('' when none has one). */
export function firstErrorCode(err: unknown): string {
  return errorChain(err).find((l) => l.code)?.code ?? '';
}
