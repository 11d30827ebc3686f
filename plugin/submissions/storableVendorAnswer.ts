import { isStorableText, storableText } from '../kernel/storableText.js';
import type { LookupOutcome } from '../sdk/LenderSubmission.js';
import type { JourneyOutcome } from '../sdk/LenderJourneys.js';
import type { CustomerLink } from '../sdk/CustomerJourney.js';

const clean = <T extends string | null | undefined>(text: T): T => (typeof text === 'string' ? (storableText(text) as T) : text);

/**
 * A lender's answer is input too: its free text (status word, messages) is
 * cleaned of what Postgres cannot store. An application id that cannot be
 * stored is not "cleaned" (it would no longer be the lender's id): the lender
 * did take the application, so the outcome is unknown and goes to
 * reconciliation / review, never to a resubmission. A broker's customer link
 * is cleaned the same way (it is stored and sent on).
 */
export function storableOutcome(outcome: JourneyOutcome): JourneyOutcome {
  switch (outcome.outcome) {
    case 'accepted':
      if (!isStorableText(outcome.lenderAppId)) return { outcome: 'unknown', code: 'E_VENDOR_ID', message: 'the lender accepted the application but answered with an id that cannot be stored' };
      return {
        ...outcome,
        lenderStatus: clean(outcome.lenderStatus),
        message: clean(outcome.message),
        ...(outcome.customerLink ? { customerLink: storableLink(outcome.customerLink) } : {}),
      };
    case 'rejected':
      return { ...outcome, reason: storableText(outcome.reason), code: storableText(outcome.code) };
    default:
      return { ...outcome, message: storableText(outcome.message), code: storableText(outcome.code) };
  }
}

/** A broker's customer link with its text cleaned of what Postgres cannot store. */
export function storableLink(link: CustomerLink): CustomerLink {
  return { url: storableText(link.url), sms: { ...link.sms, to: clean(link.sms.to), text: clean(link.sms.text) } };
}

/** A lookup answer cleaned the same way (an id that cannot be stored makes it unknown). */
export function storableLookup(lookup: LookupOutcome): LookupOutcome {
  if (lookup.result !== 'found') return { ...lookup, reason: storableText(lookup.reason) };
  if (!isStorableText(lookup.lenderAppId)) return { result: 'unknown', reason: 'the lender found the application but answered with an id that cannot be stored' };
  return { ...lookup, lenderStatus: clean(lookup.lenderStatus) };
}
