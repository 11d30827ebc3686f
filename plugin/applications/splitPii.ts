import { maskAmount, maskDate, maskSsn } from '../security/maskPii.js';
import type { CreditApplication, Person } from '../sdk/CreditApplication.js';

/** The PII of one person: what is sealed at rest and never leaves in events or logs. */
export interface PersonPii {
  ssn?: string;
  dateOfBirth?: string;
  grossMonthlyIncome?: number;
  otherIncome?: (number | undefined)[];
}

export interface ApplicationPii {
  applicant?: PersonPii;
  coApplicant?: PersonPii;
}

const PEOPLE = ['applicant', 'coApplicant'] as const;

function takePersonPii(person: Person): PersonPii {
  const pii: PersonPii = { ssn: person.ssn, dateOfBirth: person.dateOfBirth, grossMonthlyIncome: person.employment?.grossMonthlyIncome };
  if (person.otherIncome) pii.otherIncome = person.otherIncome.map((o) => o.monthlyAmount);
  delete (person as Partial<Person>).ssn;
  delete (person as Partial<Person>).dateOfBirth;
  if (person.employment) delete (person.employment as Partial<Person['employment']>).grossMonthlyIncome;
  for (const o of person.otherIncome ?? []) delete (o as { monthlyAmount?: number }).monthlyAmount;
  return pii;
}

/**
 * Splits a canonical application into the part stored as JSON (no SSN, DOB or
 * income) and the PII that is sealed separately.
 */
export function splitPii(application: CreditApplication): { stripped: CreditApplication; pii: ApplicationPii } {
  const stripped = structuredClone(application);
  const pii: ApplicationPii = {};
  for (const who of PEOPLE) {
    const person = stripped[who];
    if (person) pii[who] = takePersonPii(person);
  }
  return { stripped, pii };
}

function putPersonPii(person: Person, pii: PersonPii | undefined, show: (field: 'ssn' | 'date' | 'amount', value: unknown) => unknown): void {
  if (!pii) return;
  (person as unknown as Record<string, unknown>).ssn = show('ssn', pii.ssn);
  (person as unknown as Record<string, unknown>).dateOfBirth = show('date', pii.dateOfBirth);
  if (person.employment) (person.employment as unknown as Record<string, unknown>).grossMonthlyIncome = show('amount', pii.grossMonthlyIncome);
  person.otherIncome?.forEach((o, i) => ((o as unknown as Record<string, unknown>).monthlyAmount = show('amount', pii.otherIncome?.[i])));
}

/** The full application again (for the lender adapter, in memory only). */
export function mergePii(stripped: CreditApplication, pii: ApplicationPii): CreditApplication {
  const full = structuredClone(stripped);
  for (const who of PEOPLE) if (full[who]) putPersonPii(full[who]!, pii[who], (_f, v) => v);
  return full;
}

/** The application as API answers show it: PII present but masked (`***-**-6789`). */
export function maskedApplication(stripped: CreditApplication, pii: ApplicationPii | undefined): Record<string, unknown> {
  const view = structuredClone(stripped);
  for (const who of PEOPLE) {
    if (!view[who]) continue;
    putPersonPii(view[who]!, pii?.[who] ?? {}, (field, value) => (field === 'ssn' ? maskSsn(value) : field === 'date' ? maskDate(value) : maskAmount(value)));
  }
  return view as unknown as Record<string, unknown>;
}
