/**
 * Whether an event type matches a subscription's filter. A `*` segment matches
 * one segment (`application.*`); a trailing `*` alone matches everything.
 */
export function matchesEventFilter(type: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => {
    if (pattern === '*') return true;
    const want = pattern.split('.');
    const got = type.split('.');
    if (want.length !== got.length) return false;
    return want.every((segment, i) => segment === '*' || segment === got[i]);
  });
}
