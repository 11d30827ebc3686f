import { storableText } from '../kernel/storableText.js';
import { scrubSsnLike } from './scrubSsnLike.js';

/** What is kept of a vendor's answer or error text by default (attempt logs, timelines). */
export const VENDOR_TEXT_LIMIT = 4096;

/**
 * Vendor text as lendwire stores it: nothing Postgres refuses (NUL, lone
 * surrogates), SSN-shaped numbers masked, at most `limit` characters, and no
 * surrogate half left behind where the cut split a pair (an emoji at the limit).
 */
export function storedVendorText(text: string, limit = VENDOR_TEXT_LIMIT): string {
  return storableText(scrubSsnLike(storableText(text)).slice(0, limit));
}
