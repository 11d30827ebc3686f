import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describeLenderAdapterConformance, type RecordedCallback } from 'lendwire/testing';
import { parseManifest } from '../../plugin/index.js';
import { brokerAdapter } from '../../adapters/lenders/broker/index.js';
import { testManifest } from '../support/testManifest.js';
import { SHARED_FIXTURES } from '../support/sharedFixtures.js';

const SECRET = readFileSync(`${SHARED_FIXTURES}/broker/SECRET`, 'utf8').trim();
const lender = parseManifest(testManifest({ lenders: [{ id: 'sunhaven', adapter: 'broker', callbacks: { secret: { env: 'BROKER_SECRET' } } }] })).lenders[0];

/** A recorded webhook, received when the broker stamped it (its `deliveredAt`), so the replay window accepts it. */
function webhook(file: string, replace?: [string, string]): RecordedCallback {
  let text = readFileSync(`${SHARED_FIXTURES}/broker/${file}`, 'utf8');
  if (replace) text = text.replace(replace[0], replace[1]);
  return { name: replace ? `${file} as ${replace[1]}` : file, body: text, receivedAt: new Date((JSON.parse(text) as { deliveredAt: string }).deliveredAt) };
}

// The broker's case outcomes (adapters/lenders/broker/parseBrokerCallback.ts: OUTCOME_STATUS).
describeLenderAdapterConformance({
  adapter: brokerAdapter,
  lender,
  secrets: { BROKER_SECRET: SECRET },
  fixtures: {
    callbacks: {
      samples: ['case_outcome.selected.json', 'case_outcome.declined.json', 'case_outcome.withdrawn.json', 'customer_link_ready.json'].map((f) => webhook(f)),
      sign: (body) => ({ 'x-broker-signature': createHmac('sha256', SECRET).update(body).digest('hex') }),
      statuses: [
        { lenderStatus: 'selected', status: 'approved', callback: webhook('case_outcome.selected.json') },
        { lenderStatus: 'declined', status: 'declined', callback: webhook('case_outcome.declined.json') },
        { lenderStatus: 'withdrawn', status: 'withdrawn', callback: webhook('case_outcome.withdrawn.json') },
        { lenderStatus: 'ineligible', status: 'ineligible', callback: webhook('case_outcome.declined.json', ['"declined"', '"ineligible"']) },
        { lenderStatus: 'completed', status: 'funded', callback: webhook('case_outcome.declined.json', ['"declined"', '"completed"']) },
      ],
    },
  },
});
