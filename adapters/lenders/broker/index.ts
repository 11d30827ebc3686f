import type { LenderAdapter } from '../../../plugin/index.js';

/** "Lending Agent" style broker: signed case_outcome and customer_link_ready webhooks. */
export const brokerAdapter: LenderAdapter = {
  id: 'broker',
};
