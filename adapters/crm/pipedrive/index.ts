import {
  crmFetch,
  deliveredOutcome,
  networkOutcome,
  readCredential,
  type CrmAdapter,
  type CrmConfig,
  type CrmSyncContext,
  type CrmSyncOperation,
  type DeliveryOutcome,
  type FieldProblem,
} from '../../../plugin/index.js';
import settingsSchema from './pipedriveSettings.schema.json' with { type: 'json' };
import { pipedriveFailure } from './pipedriveFailure.js';
import { CUSTOM_FIELD_KEY, STANDARD_DEAL_FIELDS, toPipedriveActivity, toPipedriveDealUpdate, toPipedriveNewDeal } from './toPipedriveDeal.js';

const DEFAULT_BASE_URL = 'https://api.pipedrive.com';
const INTEGER = /^[0-9]+$/;

interface SearchAnswer {
  data?: { items?: { item?: { id?: number } }[] };
}

function authHeaders(crm: CrmConfig, ctx: CrmSyncContext): { ok: true; headers: Record<string, string> } | { ok: false; outcome: DeliveryOutcome } {
  // An API token (x-api-token) or an OAuth access token (bearer), whichever the manifest gives.
  if (crm.credentials?.accessToken) {
    const token = readCredential(crm, 'accessToken', ctx);
    return token.ok ? { ok: true, headers: { authorization: `Bearer ${token.value}` } } : token;
  }
  const token = readCredential(crm, 'apiToken', ctx);
  return token.ok ? { ok: true, headers: { 'x-api-token': token.value } } : token;
}

/**
 * Pipedrive deals through API v2. The deal is found by searching a custom
 * field (`link.property`, its 40-character key) for our id; stages are
 * integer stage ids, activities are `task` activities on the deal.
 */
export function createPipedriveAdapter(): CrmAdapter {
  return {
    id: 'pipedrive',
    configSchema: settingsSchema,
    // Token-based budgets allow bursts of a few requests per second per company.
    defaultRateLimit: { perSecond: 4, burst: 10 },

    checkConfig(crm: CrmConfig): FieldProblem[] {
      const problems: FieldProblem[] = [];
      if (!crm.credentials?.apiToken && !crm.credentials?.accessToken) problems.push({ path: '/credentials', message: 'needs apiToken (x-api-token) or accessToken (OAuth)' });
      const link = crm.link ?? {};
      if (typeof link.property === 'string' && !CUSTOM_FIELD_KEY.test(link.property)) {
        problems.push({ path: '/link/property', message: 'must be the 40-character key of the deal custom field holding our id' });
      }
      for (const key of ['initialStage', 'pipeline'] as const) {
        const value = link[key];
        if (value !== undefined && !INTEGER.test(String(value))) problems.push({ path: `/link/${key}`, message: `must be a Pipedrive ${key === 'pipeline' ? 'pipeline' : 'stage'} id (an integer)` });
      }
      for (const [status, stage] of Object.entries(crm.stages ?? {})) {
        if (!INTEGER.test(String(stage))) problems.push({ path: `/stages/${status}`, message: 'must be a Pipedrive stage id (an integer)' });
      }
      for (const [path, spec] of Object.entries(crm.fields ?? {})) {
        const property = typeof spec === 'string' ? spec : (spec as { property?: string })?.property;
        if (typeof property === 'string' && !CUSTOM_FIELD_KEY.test(property) && !STANDARD_DEAL_FIELDS.includes(property)) {
          problems.push({ path: `/fields/${path}`, message: `"${property}" is neither a custom-field key (40 hex characters) nor a standard deal field (${STANDARD_DEAL_FIELDS.join(', ')})` });
        }
      }
      return problems;
    },

    async sync(op: CrmSyncOperation, crm: CrmConfig, ctx: CrmSyncContext): Promise<DeliveryOutcome> {
      const auth = authHeaders(crm, ctx);
      if (!auth.ok) return auth.outcome;
      const base = `${(crm.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '')}/api/v2`;
      const headers = auth.headers;
      let lastStatus: number | undefined;
      const call = async (method: 'GET' | 'POST' | 'PATCH', path: string, json?: unknown) => {
        const res = await crmFetch({ method, url: `${base}${path}`, headers, ...(json !== undefined ? { json } : {}), timeoutMs: ctx.timeoutMs, dispatcher: ctx.dispatcher });
        if (res.ok) lastStatus = res.status;
        return res;
      };

      const query = new URLSearchParams({ term: op.deal.value, fields: 'custom_fields', exact_match: 'true', limit: '2' });
      const search = await call('GET', `/deals/search?${query}`);
      if (!search.ok) return networkOutcome(search);
      if (search.status !== 200) return pipedriveFailure(search, 'deal search');
      const items = (search.json as SearchAnswer | undefined)?.data?.items ?? [];
      if (items.length > 1) {
        return { result: 'permanent', code: 'E_CRM_MULTIPLE_MATCHES', message: `several Pipedrive deals have ${op.deal.value} in a custom field; link.property must identify one deal`, statusCode: 200 };
      }

      let dealId: number;
      let created = false;
      if (items.length === 1 && typeof items[0].item?.id === 'number') {
        dealId = items[0].item.id;
        const body = toPipedriveDealUpdate(op);
        if (Object.keys(body).length) {
          const res = await call('PATCH', `/deals/${dealId}`, body);
          if (!res.ok) return networkOutcome(res);
          if (res.status !== 200) return pipedriveFailure(res, `deal ${dealId} update`);
        }
      } else if (!op.deal.create) {
        return { result: 'permanent', code: 'E_CRM_NOT_FOUND', message: `no Pipedrive deal has ${op.deal.property} = ${op.deal.value} and link.create is false`, statusCode: 200 };
      } else {
        const res = await call('POST', '/deals', toPipedriveNewDeal(op));
        if (!res.ok) return networkOutcome(res);
        const id = (res.json as { data?: { id?: unknown } } | undefined)?.data?.id;
        if ((res.status !== 200 && res.status !== 201) || typeof id !== 'number') return pipedriveFailure(res, 'deal creation');
        dealId = id;
        created = true;
      }

      let createdActivities = 0;
      if (op.tasks.length) {
        // A retry after a lost answer must not leave the salesperson two identical activities.
        const listed = await call('GET', `/activities?${new URLSearchParams({ deal_id: String(dealId), done: 'false', limit: '500' })}`);
        if (!listed.ok) return networkOutcome(listed);
        if (listed.status !== 200) return pipedriveFailure(listed, `activity list of deal ${dealId}`);
        const existing = ((listed.json as { data?: { subject?: string; due_date?: string }[] } | undefined)?.data ?? []).map((a) => `${a.subject}|${a.due_date}`);
        for (const task of op.tasks) {
          if (existing.includes(`${task.subject}|${task.dueDate}`)) continue;
          const res = await call('POST', '/activities', toPipedriveActivity(task, dealId));
          if (!res.ok) return networkOutcome(res);
          if (res.status !== 200 && res.status !== 201) return pipedriveFailure(res, `activity "${task.subject}" on deal ${dealId}`);
          createdActivities += 1;
        }
      }
      const stage = op.stage !== undefined ? `, stage_id ${op.stage}` : '';
      return deliveredOutcome(lastStatus, `Pipedrive deal ${dealId} ${created ? 'created' : 'updated'}${stage}, ${Object.keys(op.properties).length} mapped field(s), ${createdActivities} activity(ies) created${createdActivities < op.tasks.length ? ` (${op.tasks.length - createdActivities} already there)` : ''}`);
    },
  };
}
