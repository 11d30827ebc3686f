/**
 * Paths into the object the mapping engine reads for one event: the event
 * envelope plus a snapshot of the application's current, non-PII columns.
 * A path is dot-separated, e.g. `data.status`, `application.decision.Apr`, `data.stipulations.0.code`.
 */
export const EVENT_PATH_ROOTS = ['eventId', 'type', 'timestamp', 'applicationId', 'dealerId', 'data', 'application'] as const;

const SEGMENT = /^(?:[A-Za-z_][A-Za-z0-9_-]*|0|[1-9][0-9]{0,5})$/;

/** Why `path` is not a usable event path, or null when it is. */
export function eventPathProblem(path: string): string | null {
  if (typeof path !== 'string' || path.trim() === '') return 'is not an event path: it is empty';
  const segments = path.split('.');
  const root = segments[0];
  if (!(EVENT_PATH_ROOTS as readonly string[]).includes(root)) {
    return `is not an event path: it must start with one of ${EVENT_PATH_ROOTS.join(', ')} (e.g. "data.status")`;
  }
  const bad = segments.find((s) => !SEGMENT.test(s));
  if (bad !== undefined) return `is not an event path: segment ${JSON.stringify(bad)} is not a property name or an array index`;
  if ((root === 'data' || root === 'application') && segments.length === 1) return `is not an event path: "${root}" is an object; name a property inside it, e.g. "${root}.status"`;
  return null;
}

/** The value at `path` (undefined when any step is missing). Reads own properties only. */
export function readEventPath(source: Record<string, unknown>, path: string): unknown {
  let node: unknown = source;
  for (const segment of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(node, segment)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}
