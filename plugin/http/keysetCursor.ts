import { isStorableText } from '../kernel/storableText.js';

/**
 * Keyset paging shared by the dealer API and the admin API: newest first on
 * (time, id), with an opaque cursor naming the last row of the page.
 */

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

/** The position a cursor from `encodeKeyset` names, or undefined for anything else. */
export function decodeKeyset(cursor: string): Keyset | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'string') return undefined;
    const [at, id] = parsed as [string, string];
    return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$/.test(at) && !Number.isNaN(Date.parse(at)) && id.length <= 100 && isStorableText(id) ? { at, id } : undefined;
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
