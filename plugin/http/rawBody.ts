import type { Request } from 'express';
import { PayloadTooLargeError, LendwireError } from '../errors/index.js';

const RAW = Symbol('lendwire.rawBody');
type WithRaw = Request & { [RAW]?: Buffer | PayloadTooLargeError; _body?: boolean; rawBody?: unknown };

/** Hard ceiling for any raw body read before the route knows its own limit. */
export const RAW_BODY_CEILING = 10 * 1024 * 1024;

function readStream(req: Request, limit: number): Promise<Buffer | PayloadTooLargeError> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? new PayloadTooLargeError(`The request body is larger than ${limit} bytes`) : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Reads the exact request bytes (needed for HMAC checks and raw storage) into the
 * request once, and marks it parsed so body parsers mounted after this skip it.
 */
export async function captureRawBody(req: Request, limit = RAW_BODY_CEILING): Promise<void> {
  const r = req as WithRaw;
  if (r[RAW] !== undefined) return;
  if (Buffer.isBuffer(r.rawBody)) {
    r[RAW] = r.rawBody;
    return;
  }
  if (r._body || req.readableEnded) {
    throw new LendwireError(
      'The request body was already consumed by a body parser the host mounted before lendwire. ' +
        'Mount lendwire.router before express.json()/urlencoded(), or let lendwire install its raw-body capture (it does so automatically when mounted with app.use).',
    );
  }
  r[RAW] = await readStream(req, Math.min(limit, RAW_BODY_CEILING));
  r._body = true;
}

/** The raw body captured earlier; throws 413 when it went over the ceiling. */
export function rawBodyOf(req: Request, limit = RAW_BODY_CEILING): Buffer {
  const raw = (req as WithRaw)[RAW];
  if (raw === undefined) throw new LendwireError('rawBodyOf() called before captureRawBody()');
  if (raw instanceof PayloadTooLargeError) throw raw;
  if (raw.length > limit) throw new PayloadTooLargeError(`The request body is larger than ${limit} bytes`);
  return raw;
}
