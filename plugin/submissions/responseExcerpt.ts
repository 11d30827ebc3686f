import type { LenderHttpResult } from '../sdk/LenderSubmission.js';
import { storableText } from '../http/input/storableText.js';
import { scrubSsnLike } from '../security/scrubSsnLike.js';

const MAX_EXCERPT = 4096;

/** What is kept of a lender's answer for the timeline: status and a short excerpt, SSN-like numbers masked in case the vendor echoes them. */
export function responseExcerpt(result: LenderHttpResult | undefined): Record<string, unknown> | undefined {
  if (!result) return undefined;
  if (result.kind !== 'response') return { kind: result.kind, code: result.code, message: scrubSsnLike(storableText(result.message)) };
  return {
    kind: 'response',
    status: result.status,
    contentType: result.headers['content-type'] ?? null,
    // Stored as jsonb: no NUL, and no surrogate half left by cutting an emoji at the limit.
    excerpt: scrubSsnLike(storableText(result.body.slice(0, MAX_EXCERPT))),
  };
}
