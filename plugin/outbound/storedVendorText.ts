import { storableText } from '../kernel/storableText.js';
import { scrubSsnLike } from '../security/scrubSsnLike.js';
import { utf8Prefix } from './utf8Prefix.js';

/** What is kept of a vendor's answer or error text by default (attempt logs, timelines): 4 KiB of UTF-8. */
export const VENDOR_TEXT_LIMIT = 4096;

/**
 * Vendor text as lendwire stores it, the one excerpt for lender answers, CRM
 * answers and webhook responses: nothing Postgres refuses (NUL dropped, lone
 * surrogates as U+FFFD), SSN-shaped numbers masked, and at most `limitBytes`
 * of UTF-8, cut before a character that would not fit whole (never inside a
 * UTF-8 sequence or a surrogate pair). Raw bytes are decoded as UTF-8 first
 * (invalid sequences become U+FFFD; an incomplete one at the end, where a read
 * stopped, is dropped).
 */
export function storedVendorText(text: string | Uint8Array, limitBytes = VENDOR_TEXT_LIMIT): string {
  const decoded = typeof text === 'string' ? text : new TextDecoder('utf-8', { fatal: false }).decode(text, { stream: true });
  return utf8Prefix(scrubSsnLike(storableText(decoded)), limitBytes);
}
