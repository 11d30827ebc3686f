import { readFileSync } from 'node:fs';
import { describeCrmAdapterConformance } from 'lendwire/testing';
import { createSalesforceAdapter } from '../../adapters/crm/salesforce/index.js';
import { crmTarget, operationFor } from '../crm/crmTestSupport.js';

const recorded = (name: string) => readFileSync(new URL(`../crm/fixtures/salesforce/${name}`, import.meta.url), 'utf8');
const crm = crmTarget({
  id: 'salesforce-main',
  adapter: 'salesforce',
  baseUrl: 'https://acme-dealer.my.salesforce.com',
  credentials: { clientId: { env: 'SF_CLIENT_ID' }, clientSecret: { env: 'SF_CLIENT_SECRET' } },
  link: { property: 'Lendwire_Application_Id__c', name: 'Finance {application.externalRef}', initialStage: 'Prospecting' },
  stages: { withdrawn: 'Closed Lost' },
  actions: { withdrawn: { type: 'task', subject: 'Reactivate {application.externalRef}', dueInDays: 3, priority: 'high' } },
});
// The recorded token answer, with the instance URL on the stand-in.
const token = JSON.stringify({ ...(JSON.parse(recorded('token.200.json')) as object), instance_url: '{{standIn}}' });

describeCrmAdapterConformance({
  adapter: createSalesforceAdapter(),
  crm,
  secrets: { SF_CLIENT_ID: '3MVG9fakeConsumerKeyForTests', SF_CLIENT_SECRET: 'F4KE5ECRET0123456789' },
  operation: operationFor('event.withdrawn.json', crm),
  fixtures: {
    routes: [
      { method: 'POST', path: /^\/services\/oauth2\/token$/, role: 'other', answer: { status: 200, body: token } },
      { method: 'GET', path: /^\/services\/data\/[^/]+\/sobjects\/Opportunity\/Lendwire_Application_Id__c\/[^/]+$/, role: 'other', answer: { status: 200, body: recorded('opportunity.200.json') } },
      { method: 'PATCH', path: /^\/services\/data\/[^/]+\/sobjects\/Opportunity\/[^/]+$/, role: 'deal', answer: { status: 204, body: '' } },
      { method: 'GET', path: /^\/services\/data\/[^/]+\/query$/, role: 'other', answer: { status: 200, body: recorded('task-query.none.json') } },
      { method: 'POST', path: /^\/services\/data\/[^/]+\/sobjects\/Task$/, role: 'task', answer: { status: 201, body: recorded('task.201.json') } },
    ],
  },
});
