import type { LenderHttpResult } from '../sdk/LenderSubmission.js';

const MAX_EXCERPT = 4096;
const SSN_LIKE = /\b\d{3}-?\d{2}-?\d{4}\b/g;

/** What is kept of a lender's answer for the timeline: status and a short excerpt, SSN-like numbers masked in case the vendor echoes them. */
export function responseExcerpt(result: LenderHttpResult | undefined): Record<string, unknown> | undefined {
  if (!result) return undefined;
  if (result.kind !== 'response') return { kind: result.kind, code: result.code, message: result.message };
  return {
    kind: 'response',
    status: result.status,
    contentType: result.headers['content-type'] ?? null,
    excerpt: result.body.slice(0, MAX_EXCERPT).replace(SSN_LIKE, '***-**-****'),
  };
}
