import type { CreditApplication } from '../sdk/CreditApplication.js';
import { applicantDataSpellings } from './applicantDataSpellings.js';

const MASK = '[masked]';
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * Vendor text (an error message, a refusal reason, an excerpt) with the
 * application's SSNs, birth dates and incomes masked, applicant and
 * co-applicant, wherever the lender echoed them. A value is masked only where
 * it stands alone (not inside a longer number). For adapters: apply it to any
 * lender text put into an outcome.
 */
export function withoutApplicantData(text: string, application: CreditApplication | undefined): string {
  const spellings = [...applicantDataSpellings(application?.applicant), ...applicantDataSpellings(application?.coApplicant)].sort((a, b) => b.length - a.length);
  if (!spellings.length) return text;
  return text.replace(new RegExp(`(?<![0-9])(?:${spellings.map(escape).join('|')})(?![0-9])`, 'g'), MASK);
}
