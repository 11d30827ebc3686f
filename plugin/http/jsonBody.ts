import express, { type NextFunction, type Request, type Response } from 'express';
import { InputError, MalformedRequestError, UnsupportedMediaTypeError } from '../errors/index.js';
import { jsonInputProblems, MAX_JSON_DEPTH } from './input/jsonInputProblems.js';

/**
 * JSON body parser for the plugin's own routes. If the host already parsed the
 * body, its result is used as it is. Requests with a body must say it is JSON.
 * Either way the body is then checked once for every route: nesting deeper than
 * MAX_JSON_DEPTH is a 400, and text Postgres cannot store (NUL, lone surrogates)
 * is a 422 naming each field, so no handler ever sees it.
 */
export function jsonBody(limitBytes: number) {
  const parse = express.json({ limit: limitBytes, strict: true, type: ['application/json', 'application/*+json'] });
  const check = (req: Request, next: NextFunction) => (err?: unknown) => {
    if (err) return next(err);
    const { tooDeep, problems } = jsonInputProblems(req.body);
    if (tooDeep) return next(new MalformedRequestError(`The request body is nested deeper than ${MAX_JSON_DEPTH} levels`));
    if (problems.length) return next(new InputError(`The request body has ${problems.length} field(s) with text that cannot be stored`, problems));
    next();
  };
  return (req: Request, res: Response, next: NextFunction): void => {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && !req.is(['application/json', 'application/*+json'])) {
      next(new UnsupportedMediaTypeError(`Content-Type must be application/json (got ${req.headers['content-type'] ?? 'none'})`));
      return;
    }
    parse(req, res, check(req, next));
  };
}
