import { SHARED_FIXTURES } from '../../support/sharedFixtures.js';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import { testManifest } from '../../support/testManifest.js';
import { isoDateInDays } from '../../../plugin/kernel/isoDate.js';

const FIXTURES = pathToFileURL(`${SHARED_FIXTURES}/`);

export function fixtureJson<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(readFileSync(new URL(path, FIXTURES), 'utf8')) as T;
}

/** The valid individual application from the shared fixtures (a fresh copy each call). */
export function validApplication(): Record<string, unknown> {
  return fixtureJson('applications/valid-individual.json');
}

/** Every field path `applications/invalid-many-errors.json` has a problem at. */
export const INVALID_FIXTURE_PATHS = [
  '/application/consent/creditPull',
  '/application/applicant/firstName',
  '/application/applicant/ssn',
  '/application/applicant/dateOfBirth',
  '/application/applicant/email',
  '/application/applicant/phone',
  '/application/applicant/driversLicense',
  '/application/applicant/residence/address/state',
  '/application/applicant/residence/address/postalCode',
  '/application/applicant/residence/housingStatus',
  '/application/applicant/residence/monthlyPayment',
  '/application/applicant/previousResidence',
  '/application/applicant/employment/employerName',
  '/application/applicant/employment/jobTitle',
  '/application/applicant/employment/employerPhone',
  '/application/applicant/employment/monthsWithEmployer',
  '/application/applicant/employment/grossMonthlyIncome',
  '/application/vehicle/vin',
  '/application/vehicle/year',
  '/application/vehicle/mileage',
  '/application/vehicle/make',
  '/application/vehicle/model',
  '/application/vehicle/condition',
  '/application/deal/downPayment',
  '/application/deal/amountFinanced',
  '/application/deal/termMonths',
  '/application/deal/firstPaymentDate',
];

export const FIXTURE_SSN = '123-45-6789';
export const FIXTURE_DOB = '1988-04-12';

/** Sets the secrets the application manifests reference (API key, encryption key). */
export function setApplicationSecrets(): void {
  process.env.TEST_WESTLAKE_API_KEY ??= 'westlake-test-api-key';
  process.env.TEST_EASTBANK_API_KEY ??= 'eastbank-test-api-key';
  process.env.TEST_PII_KEY_1 ??= randomBytes(32).toString('base64');
}

export interface LenderOverrides {
  url?: string;
  lookupUrl?: string;
  timeoutMs?: number;
  perDealerPerHour?: number;
}

/** A manifest with three appTRAKER lenders (westlake without lookup, eastbank with lookup, oldbank disabled) and PII encryption. */
export function applicationManifest(o: LenderOverrides = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  setApplicationSecrets();
  return testManifest({
    lenders: [
      {
        id: 'westlake',
        adapter: 'apptraker',
        submission: { url: o.url ?? 'https://los.test/api/applications', ...(o.lookupUrl ? { lookupUrl: o.lookupUrl } : {}), timeoutMs: o.timeoutMs ?? 2000 },
        credentials: { apiKey: { env: 'TEST_WESTLAKE_API_KEY' } },
        rateLimit: { perDealerPerHour: o.perDealerPerHour ?? 100 },
      },
      {
        id: 'eastbank',
        adapter: 'apptraker',
        submission: { url: 'https://east.test/v2/apps', lookupUrl: 'https://east.test/v2/apps/lookup', timeoutMs: o.timeoutMs ?? 2000 },
        credentials: { apiKey: { env: 'TEST_EASTBANK_API_KEY' } },
      },
      {
        id: 'oldbank',
        adapter: 'apptraker',
        enabled: false,
        submission: { url: 'https://old.test/apps', timeoutMs: 2000 },
        credentials: { apiKey: { env: 'TEST_WESTLAKE_API_KEY' } },
      },
    ],
    security: {
      allowInsecureHttp: true,
      ssrfAllowlist: ['127.0.0.1/32', '::1/128'],
      encryption: { activeKeyId: 'k1', keys: { k1: { env: 'TEST_PII_KEY_1' } } },
    },
    ...extra,
  });
}

export function submitBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { lenderId: 'westlake', dealerId: 'dealer-1', externalRef: `deal-${randomBytes(3).toString('hex')}`, application: validApplication(), ...overrides };
}

/**
 * A valid submission for the real clock. The fixture's first payment date is a
 * fixed day, valid on FIXTURE_TODAY (the clock of createApplicationHarness); a
 * harness on real time needs one that moves with today, or the application is
 * refused ("must not be in the past") once that day has gone by.
 */
export function liveSubmitBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const application = validApplication();
  application.deal = { ...(application.deal as Record<string, unknown>), firstPaymentDate: isoDateInDays(20) };
  return submitBody({ application, ...overrides });
}
