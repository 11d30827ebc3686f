import type { FieldProblem } from '../errors/index.js';
import { unstorableReason } from '../kernel/storableText.js';
import type { ApplicationRef } from '../sdk/LenderCallbacks.js';

/**
 * The values an adapter took from a callback for the core to query with (its
 * delivery id and application reference), checked before any query: text
 * Postgres cannot store is the sender's fault and permanent, so it must be a
 * 4xx and not the 503 a failed query would give (the sender would retry forever).
 * Adapters that know their field names refuse first, naming them; this is the
 * core's guard for any adapter that does not.
 */
export function unstorableReferences(auth: { dedupeKey?: string; requireApplication?: ApplicationRef }): FieldProblem[] {
  const candidates: [string, string | undefined][] = [
    ['delivery id', auth.dedupeKey],
    ['application reference (lenderAppId)', auth.requireApplication?.lenderAppId],
    ['application reference (lenderAppNo)', auth.requireApplication?.lenderAppNo],
    ['application reference (applicationId)', auth.requireApplication?.applicationId],
  ];
  const problems: FieldProblem[] = [];
  for (const [what, value] of candidates) {
    const reason = typeof value === 'string' ? unstorableReason(value) : null;
    if (reason) problems.push({ path: '/', message: `the callback's ${what} ${reason}` });
  }
  return problems;
}
