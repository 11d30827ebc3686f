import type { FileBatches } from '../../sdk/FileBatches.js';

const unavailable = (): never => {
  throw new Error('no file batches here: the conformance kit checks per-event transports');
};

/** `ctx.batches` where there is no database (the conformance kit): every call throws. */
export const noFileBatches: FileBatches = { join: unavailable, records: unavailable, claim: unavailable, release: unavailable };
