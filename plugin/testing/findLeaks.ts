import type { Person } from '../sdk/CreditApplication.js';
import { applicantDataSpellings } from '../outbound/applicantDataSpellings.js';

/**
 * The applicant's most sensitive values (SSN, date of birth, income) in the
 * spellings a lender wire uses (with or without separators, ISO or US dates),
 * plus any secret the adapter was given. An adapter's outcome, error or
 * excerpt must contain none of them.
 */
export function sensitiveNeedles(person: Person, secrets: readonly string[] = []): string[] {
  return [...applicantDataSpellings(person), ...secrets.filter((s) => s.length >= 4)];
}

/** Where `needle` occurs in `text`; a number only as a number of its own, not inside a longer one (income 6837 is not in port 36837). */
function occurs(text: string, needle: string): boolean {
  if (!/^\d+$/.test(needle)) return text.includes(needle);
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
    if (!/\d/.test(text[at - 1] ?? '') && !/\d/.test(text[at + needle.length] ?? '')) return true;
  }
  return false;
}

/** Which needles occur in a value (searched as JSON text). */
export function findLeaks(value: unknown, needles: readonly string[]): string[] {
  const text = JSON.stringify(value) ?? '';
  return needles.filter((needle) => occurs(text, needle));
}
