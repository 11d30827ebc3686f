/**
 * Defensive readers for appTRAKER payloads, which send numbers as strings
 * ("72", "21,529.69", " 1048576 "), floats (1048576.0), nulls and empty strings.
 * Each reader returns null for "no value" and records why in `notes` when a
 * value was present but unusable.
 */
export type Notes = string[];

/** Amounts beyond this are not loan amounts: treated as garbage rather than stored. */
const MAX_AMOUNT = 1e12;

export function readNumber(value: unknown, path: string, notes: Notes): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    if (Number.isFinite(value) && Math.abs(value) <= MAX_AMOUNT) return value;
    notes.push(`${path}: number out of range ignored`);
    return null;
  }
  if (typeof value === 'string') {
    const cleaned = value.trim().replace(/,/g, '');
    if (cleaned === '') return null;
    if (/^-?\d+(\.\d+)?$/.test(cleaned)) {
      const n = Number(cleaned);
      if (Math.abs(n) <= MAX_AMOUNT) return n;
      notes.push(`${path}: number out of range ignored`);
      return null;
    }
  }
  notes.push(`${path}: not a number, ignored`);
  return null;
}

export function readText(value: unknown, path: string, notes: Notes, maxLength = 500): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    const t = value.trim();
    return t === '' ? null : t.slice(0, maxLength);
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  notes.push(`${path}: not text, ignored`);
  return null;
}

/** An identifier such as `Appno`: 1048576, 1048576.0, "1048576" and " 1048576 " are all "1048576". */
export function readId(value: unknown, path: string, notes: Notes): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && value >= 0) return String(value);
    notes.push(`${path}: ${Number.isInteger(value) ? 'number too large to be exact' : 'not a whole number'}`);
    return null;
  }
  if (typeof value === 'string') {
    const t = value.trim().replace(/\.0+$/, '');
    if (/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(t)) return t;
    if (t !== '') notes.push(`${path}: not a valid identifier`);
    return null;
  }
  notes.push(`${path}: not a valid identifier`);
  return null;
}

/** An ISO date-time; invalid ones are noted and dropped (arrival order is used instead). */
export function readDate(value: unknown, path: string, notes: Notes): Date | null {
  const text = readText(value, path, notes, 64);
  if (!text) return null;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) {
    notes.push(`${path}: not a date, ignored`);
    return null;
  }
  return new Date(ms);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function lowerFirst(key: string): string {
  return key.charAt(0).toLowerCase() + key.slice(1);
}
