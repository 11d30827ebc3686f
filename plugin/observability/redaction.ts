import { isSensitiveKey } from './sensitiveKey.js';

export const REDACTED = '[REDACTED]';

/** Deeper than this a log object is cut (no log line needs it, and a hostile payload could be 20,000 levels deep). */
const MAX_DEPTH = 32;

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The same error, its enumerable fields (and cause) redacted; keeps its prototype so pino's err serializer still applies. */
function redactError(err: Error, depth: number, path: Set<object>): Error {
  const fields = redactFields(err, depth, path);
  const cause = 'cause' in err ? redactAny(err.cause, depth + 1, path) : undefined;
  if (fields === err && cause === err.cause) return err;
  const copy = Object.assign(Object.create(Object.getPrototypeOf(err) as object) as Error, fields === err ? {} : fields);
  for (const name of ['message', 'stack', 'name'] as const) Object.defineProperty(copy, name, { value: err[name], enumerable: false, writable: true, configurable: true });
  if ('cause' in err) Object.defineProperty(copy, 'cause', { value: cause, enumerable: false, writable: true, configurable: true });
  return copy;
}

/** The object's own enumerable fields with sensitive keys replaced; the object itself when nothing changed. */
function redactFields<T extends object>(obj: T, depth: number, path: Set<object>): T {
  let copy: Record<string, unknown> | undefined;
  const source = obj as Record<string, unknown>;
  for (const key in source) {
    if (!Object.prototype.hasOwnProperty.call(source, key)) continue;
    const value = source[key];
    const next = isSensitiveKey(key) ? (value === undefined || value === null ? value : REDACTED) : redactAny(value, depth + 1, path);
    if (next !== value) {
      copy ??= { ...source };
      copy[key] = next;
    }
  }
  return (copy as T | undefined) ?? obj;
}

function redactAny(value: unknown, depth: number, path: Set<object>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (path.has(value)) return value; // a cycle: the serializer prints it as such
  if (depth > MAX_DEPTH) return '[Truncated]';
  path.add(value);
  try {
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const next = redactAny(value[i], depth + 1, path);
        if (next !== value[i]) (copy ??= [...value])[i] = next;
      }
      return copy ?? value;
    }
    if (value instanceof Error) return redactError(value, depth, path);
    // Dates, Buffers and the like print through toJSON, not their fields.
    if (!isPlain(value) && typeof (value as { toJSON?: unknown }).toJSON === 'function') return value;
    return redactFields(value, depth, path);
  } finally {
    path.delete(value);
  }
}

/**
 * A log object (or child bindings) with every sensitive key, at any depth, in
 * any spelling (sensitiveKey.ts), replaced by "[REDACTED]". Copy on write: a
 * line without sensitive keys is passed through untouched, so the hot path
 * pays one cached key lookup per field.
 */
export function redactLogObject<T>(obj: T): T {
  return redactAny(obj, 0, new Set()) as T;
}
