import type { FieldProblem } from '../../errors/index.js';
import { unstorableReason } from '../../kernel/storableText.js';

/** Deepest nesting a JSON request body may have (real requests stay under 10); documented in the README. */
export const MAX_JSON_DEPTH = 32;

/** At most this many bad strings are listed in one answer: enough to fix a body, bounded for a hostile one. */
const MAX_LISTED = 20;

export interface JsonInputCheck {
  /** Nesting went deeper than `maxDepth` (nothing below that level was looked at). */
  tooDeep: boolean;
  /** Strings (keys or values) Postgres could not store, by JSON Pointer. */
  problems: FieldProblem[];
}

const pointerPart = (key: string | number) => String(key).replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * Walks a parsed JSON value without recursion (a body nested 20,000 levels must
 * not overflow the stack), stopping below `maxDepth`, and lists every string
 * Postgres would refuse with its JSON path.
 */
export function jsonInputProblems(value: unknown, maxDepth = MAX_JSON_DEPTH): JsonInputCheck {
  const problems: FieldProblem[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  const report = (path: string, text: string) => {
    const reason = unstorableReason(text);
    if (reason && problems.length < MAX_LISTED) problems.push({ path: path || '/', message: reason });
  };
  while (stack.length) {
    const item = stack.pop()!;
    if (typeof item.value === 'string') {
      report(item.path, item.value);
      continue;
    }
    if (typeof item.value !== 'object' || item.value === null) continue;
    if (item.depth >= maxDepth) return { tooDeep: true, problems };
    const entries: [string | number, unknown][] = Array.isArray(item.value) ? item.value.map((v, i) => [i, v]) : Object.entries(item.value);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      const path = `${item.path}/${pointerPart(key)}`;
      if (typeof key === 'string') report(path, key);
      stack.push({ value: child, path, depth: item.depth + 1 });
    }
  }
  return { tooDeep: false, problems };
}
