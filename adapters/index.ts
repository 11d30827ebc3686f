import type { Lendwire } from '../plugin/index.js';
import { apptrakerAdapter } from './lenders/apptraker/index.js';
import { brokerAdapter } from './lenders/broker/index.js';
import { createHubspotAdapter } from './crm/hubspot/index.js';
import { createSalesforceAdapter } from './crm/salesforce/index.js';
import { createPipedriveAdapter } from './crm/pipedrive/index.js';
import { webhookTransport } from './transports/webhook/index.js';
import { sftpTransport } from './transports/sftp/index.js';
import { createBatchFileTransport } from './transports/batch-file/index.js';

export { standardWebhooksScheme } from './transports/webhook/standardWebhooksScheme.js';
export { brokerScheme } from './transports/webhook/brokerScheme.js';
export { sftpTransport } from './transports/sftp/index.js';
export { createBatchFileTransport, type BatchFileTransportOptions } from './transports/batch-file/index.js';

/** Registers every adapter shipped with lendwire on an instance (hosts may register their own instead). */
export function registerBuiltInAdapters(lendwire: Pick<Lendwire, 'registerLenderAdapter' | 'registerCrmAdapter' | 'registerTransport'>): void {
  lendwire.registerLenderAdapter(apptrakerAdapter);
  lendwire.registerLenderAdapter(brokerAdapter);
  // CRM adapters keep per-instance state (Salesforce sessions), so each lendwire gets its own.
  lendwire.registerCrmAdapter(createHubspotAdapter());
  lendwire.registerCrmAdapter(createSalesforceAdapter());
  lendwire.registerCrmAdapter(createPipedriveAdapter());
  // Registers its signature schemes with it: standard-webhooks and broker.
  lendwire.registerTransport(webhookTransport);
  // Files on partners' SFTP servers, one per event.
  lendwire.registerTransport(sftpTransport);
  // Batch files (JSON Lines / CSV + sidecar) over sftp, or into the local directories the host allows.
  lendwire.registerTransport(createBatchFileTransport({ directoryRoots: (process.env.LENDWIRE_BATCH_DIRECTORIES ?? '').split(':').filter(Boolean) }));
}
