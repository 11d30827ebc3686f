import { InputError, type FieldProblem } from '../errors/index.js';
import { isApplicationStatus, type ApplicationStatus } from '../sdk/statuses.js';
import { decodeKeyset, type Keyset } from '../http/keysetCursor.js';

export interface ListQuery {
  dealerId?: string;
  status?: ApplicationStatus;
  externalRef?: string;
  appNo?: string;
  limit: number;
  /** Keyset position: rows strictly older than it (from the previous page's `nextCursor`). */
  after?: Keyset;
}

const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 100;

const single = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Validates `GET /applications` query parameters; every problem is reported at once. */
export function parseListQuery(query: Record<string, unknown>): ListQuery {
  const problems: FieldProblem[] = [];
  const out: ListQuery = { limit: DEFAULT_LIMIT };
  out.dealerId = single(query.dealerId);
  out.externalRef = single(query.externalRef);
  out.appNo = single(query.appNo);
  const status = single(query.status);
  if (status !== undefined) {
    if (isApplicationStatus(status)) out.status = status;
    else problems.push({ path: '/status', message: 'is not a known status' });
  }
  const limit = single(query.limit);
  if (limit !== undefined) {
    const n = Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) problems.push({ path: '/limit', message: `must be an integer from 1 to ${MAX_LIMIT}` });
    else out.limit = n;
  }
  const cursor = single(query.cursor);
  if (cursor !== undefined) {
    out.after = decodeKeyset(cursor);
    if (!out.after) problems.push({ path: '/cursor', message: 'is not a cursor this API returned' });
  }
  if (problems.length) throw new InputError('Invalid query parameters', problems);
  return out;
}
