import express, { type NextFunction, type Request, type Response } from 'express';
import { UnsupportedMediaTypeError } from './errors/index.js';

/**
 * JSON body parser for the plugin's own routes. If the host already parsed the
 * body, its result is used as it is. Requests with a body must say it is JSON.
 */
export function jsonBody(limitBytes: number) {
  const parse = express.json({ limit: limitBytes, strict: true, type: ['application/json', 'application/*+json'] });
  return (req: Request, res: Response, next: NextFunction): void => {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && !req.is(['application/json', 'application/*+json'])) {
      next(new UnsupportedMediaTypeError(`Content-Type must be application/json (got ${req.headers['content-type'] ?? 'none'})`));
      return;
    }
    parse(req, res, next);
  };
}
