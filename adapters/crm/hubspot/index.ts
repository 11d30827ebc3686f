import {
  crmFetch,
  deliveredOutcome,
  networkOutcome,
  readCredential,
  type CrmAdapter,
  type CrmConfig,
  type CrmRequest,
  type CrmSyncContext,
  type CrmSyncOperation,
  type DeliveryOutcome,
  type FieldProblem,
} from '../../../plugin/index.js';
import settingsSchema from './hubspotSettings.schema.json' with { type: 'json' };
import { hubspotFailure, hubspotMessage } from './hubspotFailure.js';
import { toHubspotDealProperties, toHubspotTask, toHubspotTaskSearch, toHubspotUpsertInput } from './toHubspotProperties.js';

const DEFAULT_BASE_URL = 'https://api.hubapi.com';

type Step = { ok: true; dealId: string; created: boolean } | { ok: false; outcome: DeliveryOutcome };

/**
 * HubSpot CRM v3 deals. The deal is found by a unique-value deal property that
 * holds our id (`link.property`); credentials.accessToken is a private-app or
 * OAuth access token with crm.objects.deals.read/write.
 */
export function createHubspotAdapter(): CrmAdapter {
  return {
    id: 'hubspot',
    configSchema: settingsSchema,
    // Private apps get 100 requests per 10 s (more on Professional/Enterprise); one sync makes up to three.
    defaultRateLimit: { perSecond: 3, burst: 10 },

    checkConfig(crm: CrmConfig): FieldProblem[] {
      const problems: FieldProblem[] = [];
      if (!crm.credentials?.accessToken) problems.push({ path: '/credentials/accessToken', message: 'is required: a HubSpot private-app or OAuth access token' });
      if (crm.link?.pipeline === undefined && Object.values(crm.stages ?? {}).some((stage) => /^[0-9]+$/.test(String(stage)))) {
        // Numeric stage ids belong to custom pipelines; without the pipeline HubSpot rejects the stage on new deals.
        problems.push({ path: '/link/pipeline', message: 'is required when stages name custom-pipeline stage ids (numbers): set the pipeline id those stages belong to' });
      }
      return problems;
    },

    async sync(op: CrmSyncOperation, crm: CrmConfig, ctx: CrmSyncContext): Promise<DeliveryOutcome> {
      const token = readCredential(crm, 'accessToken', ctx);
      if (!token.ok) return token.outcome;
      const base = (crm.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
      const headers = { authorization: `Bearer ${token.value}` };
      const properties = toHubspotDealProperties(op);
      let lastStatus: number | undefined;
      const call = async (request: CrmRequest) => {
        const res = await crmFetch({ ...request, dispatcher: ctx.dispatcher });
        if (res.ok) lastStatus = res.status;
        return res;
      };

      const updateDeal = async (): Promise<Step> => {
        const url = `${base}/crm/v3/objects/deals/${encodeURIComponent(op.deal.value)}?idProperty=${encodeURIComponent(op.deal.property)}`;
        const res = await call({ method: 'PATCH', url, headers, json: { properties }, timeoutMs: ctx.timeoutMs });
        if (!res.ok) return { ok: false, outcome: networkOutcome(res) };
        if (res.status === 200) return { ok: true, dealId: String((res.json as { id?: unknown })?.id), created: false };
        if (res.status !== 404) return { ok: false, outcome: hubspotFailure(res, 'deal update') };
        if (!op.deal.create) {
          return {
            ok: false,
            outcome: {
              result: 'permanent',
              code: 'E_CRM_NOT_FOUND',
              message: `no HubSpot deal has ${op.deal.property} = ${op.deal.value} and link.create is false (${hubspotMessage(res, 'deal lookup')})`,
              statusCode: 404,
            },
          };
        }
        // Batch upsert by the unique property: two workers racing to create the deal still end with one deal.
        const created = await call({
          method: 'POST',
          url: `${base}/crm/v3/objects/deals/batch/upsert`,
          headers,
          json: { inputs: [toHubspotUpsertInput(op)] },
          timeoutMs: ctx.timeoutMs,
        });
        if (!created.ok) return { ok: false, outcome: networkOutcome(created) };
        const body = created.json as { results?: { id?: unknown }[]; errors?: unknown[] } | undefined;
        const id = body?.results?.[0]?.id;
        if ((created.status === 200 || created.status === 201) && id !== undefined && !body?.errors?.length) return { ok: true, dealId: String(id), created: true };
        const failed = created.status === 207 ? { ...created, status: 400, json: body?.errors?.[0] ?? body } : created;
        return { ok: false, outcome: hubspotFailure(failed, 'deal upsert') };
      };

      const deal = await updateDeal();
      if (!deal.ok) return deal.outcome;
      let created = 0;
      for (const task of op.tasks) {
        // A retry after a lost answer must not leave the salesperson two identical tasks.
        const existing = await call({ method: 'POST', url: `${base}/crm/v3/objects/tasks/search`, headers, json: toHubspotTaskSearch(task, deal.dealId), timeoutMs: ctx.timeoutMs });
        if (!existing.ok) return networkOutcome(existing);
        if (existing.status !== 200) return hubspotFailure(existing, `task search for deal ${deal.dealId}`);
        if (Number((existing.json as { total?: unknown })?.total) > 0) continue;
        const res = await call({ method: 'POST', url: `${base}/crm/v3/objects/tasks`, headers, json: toHubspotTask(task, deal.dealId), timeoutMs: ctx.timeoutMs });
        if (!res.ok) return networkOutcome(res);
        if (res.status !== 201 && res.status !== 200) return hubspotFailure(res, `task "${task.subject}" for deal ${deal.dealId}`);
        created += 1;
      }
      const stage = op.stage !== undefined ? `, dealstage ${op.stage}` : '';
      return deliveredOutcome(
        lastStatus,
        `HubSpot deal ${deal.dealId} ${deal.created ? 'created' : 'updated'}${stage}, ${Object.keys(op.properties).length} mapped field(s), ${created} task(s) created${created < op.tasks.length ? ` (${op.tasks.length - created} already there)` : ''}`,
      );
    },
  };
}
