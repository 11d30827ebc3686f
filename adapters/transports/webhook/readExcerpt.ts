import type { Readable } from 'node:stream';

export const EXCERPT_BYTES = 4096;

/**
 * Reads at most 4 KiB of a response body, then drops the rest of the stream so
 * an enormous or endless body can't hold a worker. Invalid UTF-8 becomes U+FFFD
 * and NUL characters are removed (Postgres text can't hold them).
 */
export async function readExcerpt(body: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      chunks.push(buf.subarray(0, EXCERPT_BYTES - size));
      size += Math.min(buf.length, EXCERPT_BYTES - size);
      if (size >= EXCERPT_BYTES) break;
    }
  } finally {
    body.destroy();
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks)).replaceAll('\u0000', '');
}
