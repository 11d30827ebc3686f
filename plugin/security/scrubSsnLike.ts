/**
 * SSN-shaped numbers (123-45-6789 or 123456789 standing alone). Vendors echo
 * applicants' SSNs in error texts, answers and callbacks; we cannot know which
 * nine-digit number is one, so every such number in vendor text is masked.
 */
const SSN_LIKE = /\b\d{3}-?\d{2}-?\d{4}\b/g;
const MASK = '***-**-****';

/** Vendor or free text with every SSN-shaped number masked; the one scrubber for every place such text is stored or shown. */
export function scrubSsnLike<T extends string | null | undefined>(text: T): T;
export function scrubSsnLike(text: string | null | undefined): string | null | undefined {
  if (typeof text !== 'string' || text.length < 9) return text;
  return text.replace(SSN_LIKE, MASK);
}

/** The same for a JSON value (a vendor's answer kept as JSON): every string in it, at any depth, keys included. */
export function scrubSsnLikeDeep<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return scrubSsnLike(value) as T;
  if (typeof value !== 'object' || value === null || depth > 64) return value;
  if (Array.isArray(value)) return value.map((v) => scrubSsnLikeDeep(v, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[scrubSsnLike(k)] = scrubSsnLikeDeep(v, depth + 1);
  return out as T;
}
