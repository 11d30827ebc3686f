/**
 * True for a PostgreSQL error caused by the data in a statement rather than by
 * the connection or the server: SQLSTATE class 22 (data exception: NUL or a
 * lone surrogate in text 22021/22P05, a number out of range, bad input syntax)
 * and class 54 (program limit exceeded: e.g. a huge string in an indexed
 * column). On an input path these are the caller's fault and permanent, so
 * retrying cannot help: they map to 4xx, never to 503.
 */
export function isDataError(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^(22|54)[0-9A-Z]{3}$/.test(code);
}
