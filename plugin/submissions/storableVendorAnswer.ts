import { isStorableText, storableText } from '../kernel/storableText.js';
import type { LookupOutcome, SubmissionOutcome } from '../sdk/LenderSubmission.js';

const clean = <T extends string | null | undefined>(text: T): T => (typeof text === 'string' ? (storableText(text) as T) : text);

/**
 * A lender's answer is input too: its free text (status word, messages) is
 * cleaned of what Postgres cannot store. An application id that cannot be
 * stored is not "cleaned" (it would no longer be the lender's id): the lender
 * did take the application, so the outcome is unknown and goes to
 * reconciliation / review, never to a resubmission.
 */
export function storableOutcome(outcome: SubmissionOutcome): SubmissionOutcome {
  switch (outcome.outcome) {
    case 'accepted':
      if (!isStorableText(outcome.lenderAppId)) return { outcome: 'unknown', code: 'E_VENDOR_ID', message: 'the lender accepted the application but answered with an id that cannot be stored' };
      return { ...outcome, lenderStatus: clean(outcome.lenderStatus), message: clean(outcome.message) };
    case 'rejected':
      return { ...outcome, reason: storableText(outcome.reason), code: storableText(outcome.code) };
    default:
      return { ...outcome, message: storableText(outcome.message), code: storableText(outcome.code) };
  }
}

export function storableLookup(lookup: LookupOutcome): LookupOutcome {
  if (lookup.result !== 'found') return { ...lookup, reason: storableText(lookup.reason) };
  if (!isStorableText(lookup.lenderAppId)) return { result: 'unknown', reason: 'the lender found the application but answered with an id that cannot be stored' };
  return { ...lookup, lenderStatus: clean(lookup.lenderStatus) };
}
