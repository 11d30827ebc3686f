import type { LenderHttpResult } from '../sdk/LenderSubmission.js';
import { storedVendorText } from './storedVendorText.js';

/** What is kept of a lender's answer for the timeline: status and a short excerpt, SSN-like numbers masked in case the vendor echoes them. */
export function responseExcerpt(result: LenderHttpResult | undefined): Record<string, unknown> | undefined {
  if (!result) return undefined;
  if (result.kind !== 'response') return { kind: result.kind, code: result.code, message: storedVendorText(result.message) };
  return {
    kind: 'response',
    status: result.status,
    contentType: result.headers['content-type'] ?? null,
    excerpt: storedVendorText(result.body),
  };
}
