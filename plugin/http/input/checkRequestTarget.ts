import type { NextFunction, Request, Response } from 'express';
import { InputError, NotFoundError, type FieldProblem } from '../../errors/index.js';
import { unstorableReason } from '../../kernel/storableText.js';

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Query values are strings, arrays of strings or (with nested parsers) objects: every string and key is checked. */
function queryProblems(query: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const stack: { value: unknown; path: string }[] = [{ value: query, path: '' }];
  while (stack.length && problems.length < 20) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      const reason = unstorableReason(value);
      if (reason) problems.push({ path, message: reason });
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        const childPath = `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
        const keyReason = unstorableReason(key);
        if (keyReason) problems.push({ path: childPath, message: `parameter name ${keyReason}` });
        else stack.push({ value: child, path: childPath });
      }
    }
  }
  return problems;
}

/** Printable ASCII, no `%` escapes: decodes to itself (and `+` to a space). */
const PLAIN_TARGET = /^[\x21-\x24\x26-\x7e]*$/;

/**
 * Runs before every route of the plugin, so no handler can forget it: a path
 * whose segments cannot be decoded (`%ED%A0%80`) or hold text Postgres cannot
 * store (`%00`) names nothing that can exist (404), and a query parameter with
 * such text is a 422 naming the parameter. Route params are decoded path
 * segments, so checking the segments covers every `:id` of every router.
 */
export function checkRequestTarget(req: Request, _res: Response, next: NextFunction): void {
  // Nearly every target is plain printable ASCII without escapes: nothing in it can decode to a
  // NUL, a lone surrogate or an invalid sequence, so the segments and the query need no look.
  if (PLAIN_TARGET.test(req.url)) {
    next();
    return;
  }
  for (const segment of req.path.split('/')) {
    const decoded = decodeSegment(segment);
    if (decoded === undefined || unstorableReason(decoded)) {
      next(new NotFoundError('No resource has this address: a path segment is not valid text'));
      return;
    }
  }
  const problems = queryProblems(req.query);
  if (problems.length) {
    next(new InputError('Invalid query parameters', problems));
    return;
  }
  next();
}
