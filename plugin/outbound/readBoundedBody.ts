/** A response body as the kit reads it: a Node stream (undici, node:http) or a web ReadableStream (fetch). */
export type ResponseBody = AsyncIterable<Uint8Array | string> & { destroy?: () => void; cancel?: () => Promise<void> };

/**
 * Reads at most `maxBytes` of a response body, then stops and drops the rest
 * of the stream, so an enormous or endless answer can't hold a worker. A body
 * that fails mid-read rejects (classify it with classifyNetworkError).
 */
export async function readBoundedBody(body: ResponseBody, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  let complete = false;
  try {
    for await (const chunk of body) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      chunks.push(buf.subarray(0, maxBytes - size));
      size += Math.min(buf.length, maxBytes - size);
      if (size >= maxBytes) break;
    }
    complete = size < maxBytes;
  } finally {
    if (!complete) {
      if (typeof body.destroy === 'function') body.destroy();
      else if (typeof body.cancel === 'function') await body.cancel().catch(() => undefined);
    }
  }
  return Buffer.concat(chunks);
}
