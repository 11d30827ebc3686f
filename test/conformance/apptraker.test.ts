import { readFileSync } from 'node:fs';
import { describeLenderAdapterConformance, type DocumentedStatus } from 'lendwire/testing';
import { parseManifest } from '../../plugin/index.js';
import { apptrakerAdapter } from '../../adapters/lenders/apptraker/index.js';
import { testManifest } from '../support/testManifest.js';
import { SHARED_FIXTURES } from '../support/sharedFixtures.js';
import { recordedCallback } from './recordedCallback.js';

const KEY = 'at-callback-key-0123456789';
const lender = parseManifest(
  testManifest({ lenders: [{ id: 'westlake', adapter: 'apptraker', submission: { url: 'https://lender.invalid/submit' }, credentials: { apiKey: { env: 'AT_API_KEY' } }, callbacks: { apiKey: { env: 'AT_CALLBACK_KEY' } } }] }),
).lenders[0];

// Every DecisionStatus and FundingStatus appTRAKER documents (adapters/lenders/apptraker/callbacks/statusMapping.ts), each in the recorded declined / funded callbacks.
const declined = readFileSync(`${SHARED_FIXTURES}/apptraker/09-declined.json`, 'utf8');
const funded = readFileSync(`${SHARED_FIXTURES}/apptraker/05-funded.json`, 'utf8');
const decision = { Pending: 'pending', InReview: 'pending', Received: 'pending', Approved: 'approved', Conditioned: 'conditioned', ConditionallyApproved: 'conditioned', Countered: 'countered', CounterOffer: 'countered', Declined: 'declined', Withdrawn: 'withdrawn', Cancelled: 'cancelled' } as const;
const funding = { Booked: 'booked', Funded: 'funded', Unwound: 'cancelled' } as const;
const statuses: DocumentedStatus[] = [
  ...Object.entries(decision).map(([word, status]) => ({ lenderStatus: word, status, callback: { name: `09-declined.json as ${word}`, body: declined.replace('"Declined"', `"${word}"`) } })),
  ...Object.entries(funding).map(([word, status]) => ({ lenderStatus: word, status, callback: { name: `05-funded.json as ${word}`, body: funded.replace('"Funded"', `"${word}"`) } })),
];

describeLenderAdapterConformance({
  adapter: apptrakerAdapter,
  lender,
  secrets: { AT_API_KEY: 'at-submission-key-9876543210', AT_CALLBACK_KEY: KEY },
  fixtures: {
    callbacks: {
      samples: ['01-stage1-processed.json', '02-decision-conditioned.json', '03-verification.json', '04-booked.json', '05-funded.json', '09-declined.json'].map((f) => recordedCallback(`apptraker/${f}`)),
      sign: () => ({ 'x-api-key': KEY }),
      statuses,
    },
    submission: {
      accepted: { answer: { status: 200, body: readFileSync(`${SHARED_FIXTURES}/apptraker/00-submit-response.json`, 'utf8') }, lenderAppId: 'AT-7Q2K9W' },
      rejected: { status: 400, body: JSON.stringify({ Message: 'Validation failed', Errors: [{ Field: 'Vehicle.Vin', Message: 'VIN check digit is invalid' }] }) },
    },
    lookup: {
      found: { answer: { status: 200, body: JSON.stringify({ AppId: 'AT-7Q2K9W', Status: 'IN_REVIEW' }) }, lenderAppId: 'AT-7Q2K9W' },
      notFound: { status: 404, body: JSON.stringify({ Message: 'No application with this reference' }) },
    },
  },
});
