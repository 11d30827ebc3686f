import { readFileSync } from 'node:fs';
import { describeCrmAdapterConformance } from 'lendwire/testing';
import { createHubspotAdapter } from '../../adapters/crm/hubspot/index.js';
import { crmTarget, operationFor } from '../crm/crmTestSupport.js';

const recorded = (name: string) => readFileSync(new URL(`../crm/fixtures/hubspot/${name}`, import.meta.url), 'utf8');
const crm = crmTarget({
  id: 'hubspot-main',
  adapter: 'hubspot',
  credentials: { accessToken: { env: 'HUBSPOT_TOKEN' } },
  link: { property: 'lendwire_application_id', name: 'Finance {application.externalRef}', pipeline: 'default' },
  stages: { withdrawn: 'closedlost' },
  actions: { withdrawn: { type: 'task', subject: 'Reactivate {application.externalRef}', body: 'Reason: {data.reason}', dueInDays: 3, priority: 'high' } },
});

describeCrmAdapterConformance({
  adapter: createHubspotAdapter(),
  crm,
  secrets: { HUBSPOT_TOKEN: 'pat-na1-11111111-2222-3333-4444-555555555555' },
  operation: operationFor('event.withdrawn.json', crm),
  fixtures: {
    routes: [
      { method: 'PATCH', path: /^\/crm\/v3\/objects\/deals\/[^/]+$/, role: 'deal', answer: { status: 200, body: recorded('deal.200.json') } },
      { method: 'POST', path: /^\/crm\/v3\/objects\/tasks\/search$/, role: 'other', answer: { status: 200, body: recorded('task-search.none.json') } },
      { method: 'POST', path: /^\/crm\/v3\/objects\/tasks$/, role: 'task', answer: { status: 201, body: recorded('task.201.json') } },
    ],
  },
});
