import type { LenderAdapter } from '../../../plugin/index.js';
import settingsSchema from './brokerSettings.schema.json' with { type: 'json' };
import { authenticateBroker } from './authenticateBroker.js';
import { parseBrokerCallback } from './parseBrokerCallback.js';
import { brokerJourneys } from './brokerJourneys.js';

/** "Lending Agent" style broker: opens customer journeys (sessions), then signed case_outcome and customer_link_ready webhooks (see README.md). */
export const brokerAdapter: LenderAdapter = {
  id: 'broker',
  configSchema: settingsSchema,
  journeys: brokerJourneys,
  callbacks: {
    authenticate: authenticateBroker,
    parse: (callback, lender) => parseBrokerCallback(callback, lender),
  },
};
