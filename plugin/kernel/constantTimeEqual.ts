import { hash, timingSafeEqual } from 'node:crypto';

/**
 * Compares two secrets in constant time. Both sides are hashed first so the
 * comparison takes the same time whatever their lengths (timingSafeEqual alone
 * throws on a length mismatch, which itself leaks the length).
 */
export function constantTimeEqual(a: string | Buffer, b: string | Buffer): boolean {
  // One-shot hashing: no Hash object per side (this runs on every authenticated callback).
  const ha = hash('sha256', a, 'buffer');
  const hb = hash('sha256', b, 'buffer');
  return timingSafeEqual(ha, hb) && Buffer.byteLength(a) === Buffer.byteLength(b);
}
