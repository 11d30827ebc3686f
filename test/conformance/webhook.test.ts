import { describeTransportConformance } from 'lendwire/testing';
import { webhookTransport } from '../../adapters/transports/webhook/index.js';

// The built-in webhook transport against the transport kit, imported as a partner would.
describeTransportConformance({ transport: webhookTransport });
