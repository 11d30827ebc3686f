import { InputError, type FieldProblem } from '../http/errors/index.js';
import { isApplicationStatus, type ApplicationStatus } from './statuses.js';

export interface ListQuery {
  dealerId?: string;
  status?: ApplicationStatus;
  externalRef?: string;
  appNo?: string;
  limit: number;
  after?: { createdAt: Date; id: string };
}

const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 100;

export function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([new Date(createdAt).toISOString(), id])).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } | undefined {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const createdAt = new Date(at);
    return typeof id === 'string' && !Number.isNaN(createdAt.getTime()) ? { createdAt, id } : undefined;
  } catch {
    return undefined;
  }
}

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
    out.after = decodeCursor(cursor);
    if (!out.after) problems.push({ path: '/cursor', message: 'is not a cursor this API returned' });
  }
  if (problems.length) throw new InputError('Invalid query parameters', problems);
  return out;
}
