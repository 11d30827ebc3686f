import type { LenderAdapter } from '../../../plugin/index.js';
import settingsSchema from './brokerSettings.schema.json' with { type: 'json' };
import { authenticateBroker } from './authenticateBroker.js';
import { parseBrokerCallback } from './parseBrokerCallback.js';

/** "Lending Agent" style broker: signed case_outcome and customer_link_ready webhooks (see README.md). */
export const brokerAdapter: LenderAdapter = {
  id: 'broker',
  configSchema: settingsSchema,
  callbacks: {
    authenticate: authenticateBroker,
    parse: (callback, lender) => parseBrokerCallback(callback, lender),
  },
};
