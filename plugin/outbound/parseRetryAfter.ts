/**
 * The one reading of an HTTP `Retry-After` header (RFC 9110 §10.2.3): a number of
 * seconds or an HTTP date, as milliseconds from `now` (never negative).
 * Undefined when the header is absent or unreadable, so callers fall back to
 * their own schedule. It does not cap or floor the wait: what a wait may do to
 * a schedule is the caller's policy (the delivery engine lets it lengthen a
 * wait up to a cap, never shorten it).
 */
export function parseRetryAfter(value: string | string[] | null | undefined, now: number = Date.now()): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  // Whole seconds per the RFC; fractions are tolerated because some vendors send them.
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP date names its month; this also keeps Date.parse from reading "-5" as a year.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
