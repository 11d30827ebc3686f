/**
 * A copy of a JSON value without null-valued object properties: in a credit
 * application `null` and "absent" mean the same, and one form keeps the schema
 * and the stored documents simple. Nulls inside arrays are kept (and refused by the schema).
 */
export function dropNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => dropNulls(v)) as T;
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = dropNulls(v);
    return out as T;
  }
  return value;
}
