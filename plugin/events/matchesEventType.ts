/**
 * Whether an event type matches one of the filters of a webhook subscription or
 * a CRM target (both use this one matcher). A `*` segment matches exactly one
 * segment (`application.*` takes `application.submitted`, not `application` nor
 * `application.a.b`); a lone `*` matches every type.
 */
export function matchesEventType(type: string, filters: readonly string[]): boolean {
  return filters.some((filter) => {
    if (filter === '*') return true;
    const want = filter.split('.');
    const got = type.split('.');
    return want.length === got.length && want.every((segment, i) => segment === '*' || segment === got[i]);
  });
}
