type Block = Record<string, unknown>;

function present(value: unknown): boolean {
  return value !== null && value !== undefined && value !== '';
}

/**
 * Merges a sparse block (terms, booked structure) into the stored one. Empty
 * incoming fields never erase stored ones; when the incoming callback is the
 * newer one its fields win, otherwise it only fills gaps. The result is the
 * same whatever order the callbacks arrive in.
 */
export function mergeFields(stored: Block | null | undefined, incoming: Block, incomingIsNewer: boolean): Block {
  const clean = Object.fromEntries(Object.entries(incoming).filter(([, v]) => present(v)));
  return incomingIsNewer ? { ...(stored ?? {}), ...clean } : { ...clean, ...(stored ?? {}) };
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Block)[k])]),
    );
  }
  return value;
}

/** Structural equality of JSON values, ignoring key order (jsonb does not keep it). */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a ?? null)) === JSON.stringify(canonical(b ?? null));
}

export function isNonEmptyBlock(value: Block | undefined): value is Block {
  return !!value && Object.values(value).some(present);
}
