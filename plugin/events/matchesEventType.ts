/**
 * Whether an event type matches one of a CRM target's `events` filters, with
 * the same rules as subscriptions: a `*` segment matches one segment
 * (`application.*`), a lone `*` matches everything.
 */
export function matchesEventType(type: string, filters: readonly string[]): boolean {
  return filters.some((filter) => {
    if (filter === '*') return true;
    const want = filter.split('.');
    const got = type.split('.');
    return want.length === got.length && want.every((segment, i) => segment === '*' || segment === got[i]);
  });
}
