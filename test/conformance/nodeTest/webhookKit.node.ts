// Run by nodeTestRunner.test.ts under `node --test`: a kit registered with node:test instead of mocha.
import { describe, it, before, after } from 'node:test';
import { describeTransportConformance } from 'lendwire/testing';
import { webhookTransport } from '../../../adapters/transports/webhook/index.js';

describeTransportConformance({ transport: webhookTransport, runner: { describe, it, before, after } });
