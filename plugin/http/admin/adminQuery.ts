import { InputError, type FieldProblem } from '../errors/index.js';

/**
 * Reads and checks admin-API query parameters, collecting every problem so
 * one 422 lists them all.
 */
export class AdminQuery {
  readonly problems: FieldProblem[] = [];

  constructor(private readonly query: Record<string, unknown>) {}

  text(name: string, maxLength = 200): string | undefined {
    const v = this.query[name];
    if (v === undefined || v === '') return undefined;
    if (typeof v !== 'string' || v.length > maxLength) {
      this.problems.push({ path: `/${name}`, message: `must be a single value of at most ${maxLength} characters` });
      return undefined;
    }
    return v;
  }

  /** Comma-separated values, each one of `allowed`. */
  list<T extends string>(name: string, allowed: readonly T[]): T[] | undefined {
    const raw = this.text(name, 2000);
    if (raw === undefined) return undefined;
    const values = raw.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = values.filter((v) => !(allowed as readonly string[]).includes(v));
    if (bad.length) {
      this.problems.push({ path: `/${name}`, message: `unknown value(s) ${bad.join(', ')}; allowed: ${allowed.join(', ')}` });
      return undefined;
    }
    return values as T[];
  }

  time(name: string): Date | undefined {
    const raw = this.text(name, 40);
    if (raw === undefined) return undefined;
    const d = new Date(raw);
    if (Number.isNaN(d.getTime())) {
      this.problems.push({ path: `/${name}`, message: 'must be an ISO 8601 time' });
      return undefined;
    }
    return d;
  }

  limit(defaultValue = 50, max = 200): number {
    const raw = this.text('limit', 10);
    if (raw === undefined) return defaultValue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > max) {
      this.problems.push({ path: '/limit', message: `must be an integer from 1 to ${max}` });
      return defaultValue;
    }
    return n;
  }

  /** An opaque keyset cursor produced by `encodeKeyset`. */
  cursor(): Keyset | undefined {
    const raw = this.text('cursor', 500);
    if (raw === undefined) return undefined;
    const k = decodeKeyset(raw);
    if (!k) this.problems.push({ path: '/cursor', message: 'is not a cursor this API returned' });
    return k;
  }

  /** Throws the collected problems as one 422. */
  done(): void {
    if (this.problems.length) throw new InputError('Invalid query parameters', this.problems);
  }
}

/**
 * Position after the last row of a page: its sort time (with Postgres'
 * microseconds, as text: a JS Date would round them off and skip rows) and id.
 */
export interface Keyset {
  at: string;
  id: string;
}

/** SQL for a timestamptz column as microsecond-precise UTC text, for cursors. */
export const keysetTime = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export function encodeKeyset(at: string, id: string | number): string {
  return Buffer.from(JSON.stringify([at, String(id)])).toString('base64url');
}

function decodeKeyset(cursor: string): Keyset | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'string') return undefined;
    const [at, id] = parsed as [string, string];
    return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$/.test(at) && !Number.isNaN(Date.parse(at)) && id.length <= 100 ? { at, id } : undefined;
  } catch {
    return undefined;
  }
}

/** A page of rows fetched with `limit + 1`: the items and the cursor of the next page, if any. */
export function page<R, V>(rows: R[], limit: number, present: (row: R) => V, keyOf: (row: R) => [string, string | number]): { items: V[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items: items.map(present), nextCursor: rows.length > limit && last ? encodeKeyset(...keyOf(last)) : null };
}
