import { readFileSync } from 'node:fs';
import { describeCrmAdapterConformance } from 'lendwire/testing';
import { createPipedriveAdapter } from '../../adapters/crm/pipedrive/index.js';
import { crmTarget, operationFor } from '../crm/crmTestSupport.js';

const recorded = (name: string) => readFileSync(new URL(`../crm/fixtures/pipedrive/${name}`, import.meta.url), 'utf8');
const crm = crmTarget({
  id: 'pipedrive-main',
  adapter: 'pipedrive',
  baseUrl: 'https://acme-dealer.pipedrive.com',
  credentials: { apiToken: { env: 'PIPEDRIVE_TOKEN' } },
  link: { property: 'c7f8a3b1d2e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8', name: 'Finance {application.externalRef}', pipeline: 1, initialStage: 1 },
  stages: { withdrawn: 9 },
  actions: { withdrawn: { type: 'task', subject: 'Reactivate {application.externalRef}', body: 'Reason: {data.reason}', dueInDays: 3 } },
});

describeCrmAdapterConformance({
  adapter: createPipedriveAdapter(),
  crm,
  secrets: { PIPEDRIVE_TOKEN: '0123456789abcdef0123456789abcdef01234567' },
  operation: operationFor('event.withdrawn.json', crm),
  fixtures: {
    routes: [
      { method: 'GET', path: /^\/api\/v2\/deals\/search$/, role: 'other', answer: { status: 200, body: recorded('search.one.json') } },
      { method: 'PATCH', path: /^\/api\/v2\/deals\/\d+$/, role: 'deal', answer: { status: 200, body: recorded('deal.200.json') } },
      { method: 'GET', path: /^\/api\/v2\/activities$/, role: 'other', answer: { status: 200, body: recorded('activities.none.json') } },
      { method: 'POST', path: /^\/api\/v2\/activities$/, role: 'task', answer: { status: 201, body: recorded('activity.json') } },
    ],
  },
});
