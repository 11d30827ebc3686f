/** Keys whose values are PII that outbound events must never carry (docs/design.md: data minimisation). */
const PII_KEY = /ssn|social_?security|date_?of_?birth|^dob$|birth_?date|income/i;
const MAX_DEPTH = 12;

/**
 * A copy of event data without SSN, date of birth or income fields at any
 * depth: a safety net under every feature, so a payload built from a full
 * application row still cannot leak them to subscribers or CRMs.
 */
export function withoutPii<T>(value: T, depth = 0): T {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((v) => withoutPii(v, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (!PII_KEY.test(key)) out[key] = withoutPii(v, depth + 1);
  }
  return out as T;
}
