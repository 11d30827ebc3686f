import type { Person } from '../sdk/CreditApplication.js';

/**
 * A person's most sensitive values in the spellings lender wires use: the SSN
 * with and without dashes, the birth date as ISO, US (MM/DD/YYYY) and compact
 * (MMDDYYYY, YYYYMMDD), the gross monthly income as a number and with cents.
 * Shorter than 4 characters is dropped (it would match ordinary text).
 */
export function applicantDataSpellings(person: Person | undefined): string[] {
  if (!person) return [];
  const spellings: string[] = [];
  if (typeof person.ssn === 'string') spellings.push(person.ssn, person.ssn.replace(/\D/g, ''));
  const dob = typeof person.dateOfBirth === 'string' ? /^(\d{4})-(\d{2})-(\d{2})/.exec(person.dateOfBirth) : null;
  if (dob) {
    const [, y, m, d] = dob;
    spellings.push(`${y}-${m}-${d}`, `${m}/${d}/${y}`, `${m}${d}${y}`, `${y}${m}${d}`);
  }
  const income = person.employment?.grossMonthlyIncome;
  if (typeof income === 'number' && Number.isFinite(income)) spellings.push(String(income), income.toFixed(2));
  return [...new Set(spellings)].filter((s) => s.length >= 4);
}
