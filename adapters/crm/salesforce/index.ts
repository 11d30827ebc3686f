import {
  deliveredOutcome,
  networkOutcome,
  readCredential,
  type CrmAdapter,
  type CrmConfig,
  type CrmResponse,
  type CrmSyncContext,
  type CrmSyncOperation,
  type DeliveryOutcome,
  type FieldProblem,
} from '../../../plugin/index.js';
import type { SalesforceSettings } from './salesforceSettings.types.js';
import settingsSchema from './salesforceSettings.schema.json' with { type: 'json' };
import { SalesforceClient, type CallResult } from './SalesforceClient.js';
import { SalesforceTokenCache } from './SalesforceTokenCache.js';
import { salesforceFailure } from './salesforceFailure.js';
import { existingTaskQuery, toSalesforceFields, toSalesforceNewOpportunity, toSalesforceTask } from './toSalesforceFields.js';

// The defaults live in the settings schema, so editors show what the adapter applies.
const DEFAULT_API_VERSION = settingsSchema.properties.options.properties.apiVersion.default;
const DEFAULT_SOBJECT = settingsSchema.properties.options.properties.sobject.default;
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

function failed(result: Exclude<CallResult, { ok: true }>): DeliveryOutcome {
  return result.outcome ?? networkOutcome(result.network!);
}

function recordLimitInfo(ctx: CrmSyncContext, target: string, res: CrmResponse): void {
  // "api-usage=25/15000": requests used in the org's rolling 24 hours, and the allowance.
  const match = /api-usage=(\d+)\/(\d+)/.exec(res.headers.get('sforce-limit-info') ?? '');
  if (!match) return;
  const gauge = ctx.metrics.gauge({ name: 'lendwire_salesforce_api_usage', help: 'Salesforce API requests used in the rolling 24 hours (Sforce-Limit-Info)', labelNames: ['target', 'measure'] });
  gauge.set({ target, measure: 'used' }, Number(match[1]));
  gauge.set({ target, measure: 'limit' }, Number(match[2]));
}

/**
 * Salesforce Opportunities through the REST API, authenticated with the OAuth
 * 2.0 client-credentials flow of a connected app (credentials.clientId,
 * credentials.clientSecret; baseUrl is the org's My Domain login URL).
 * The Opportunity is found by an external-id field (`link.property`).
 */
export function createSalesforceAdapter(): CrmAdapter {
  const tokens = new SalesforceTokenCache();
  return {
    id: 'salesforce',
    configSchema: settingsSchema,
    defaultRateLimit: { perSecond: 5, burst: 20 },

    checkConfig(crm: CrmConfig): FieldProblem[] {
      const problems: FieldProblem[] = [];
      if (!crm.baseUrl) problems.push({ path: '/baseUrl', message: "is required: the org's My Domain login URL, e.g. https://acme.my.salesforce.com" });
      for (const name of ['clientId', 'clientSecret']) {
        if (!crm.credentials?.[name]) problems.push({ path: `/credentials/${name}`, message: 'is required for the OAuth 2.0 client-credentials flow' });
      }
      const link = crm.link ?? {};
      if (typeof link.property === 'string' && !FIELD_NAME.test(link.property)) problems.push({ path: '/link/property', message: 'must be the API name of an external-id field, e.g. Lendwire_Application_Id__c' });
      if (link.create !== false && link.initialStage === undefined) {
        problems.push({ path: '/link/initialStage', message: 'is required when link.create is true: a new Opportunity needs a StageName even when the status has no stage mapping' });
      }
      for (const [path, spec] of Object.entries(crm.fields ?? {})) {
        const property = typeof spec === 'string' ? spec : (spec as { property?: string })?.property;
        if (typeof property === 'string' && !FIELD_NAME.test(property)) problems.push({ path: `/fields/${path}`, message: `"${property}" is not a Salesforce field API name` });
      }
      return problems;
    },

    async sync(op: CrmSyncOperation, crm: CrmConfig, ctx: CrmSyncContext): Promise<DeliveryOutcome> {
      const clientId = readCredential(crm, 'clientId', ctx);
      if (!clientId.ok) return clientId.outcome;
      const clientSecret = readCredential(crm, 'clientSecret', ctx);
      if (!clientSecret.ok) return clientSecret.outcome;
      if (!crm.baseUrl) return { result: 'permanent', code: 'E_CRM_CONFIG', message: `CRM target "${crm.id}": baseUrl (the My Domain login URL) is not configured`, disableTarget: true };
      const { options } = crm as CrmConfig & SalesforceSettings;
      const version = options?.apiVersion ?? DEFAULT_API_VERSION;
      const sobject = options?.sobject ?? DEFAULT_SOBJECT;
      const api = `/services/data/${version}/sobjects`;
      let lastStatus: number | undefined;
      const client = new SalesforceClient(tokens, { loginUrl: crm.baseUrl, clientId: clientId.value, clientSecret: clientSecret.value, timeoutMs: ctx.timeoutMs, dispatcher: ctx.dispatcher }, (res) => {
        lastStatus = res.status;
        recordLimitInfo(ctx, crm.id, res);
      });
      const byExternalId = `${api}/${sobject}/${encodeURIComponent(op.deal.property)}/${encodeURIComponent(op.deal.value)}`;
      const fields = toSalesforceFields(op);

      let found = await client.call({ method: 'GET', path: `${byExternalId}?fields=Id` });
      if (!found.ok) return failed(found);
      let recordId: string;
      let created = false;
      if (found.res.status === 200) {
        recordId = String((found.res.json as { Id?: unknown })?.Id);
        if (Object.keys(fields).length) {
          const updated = await client.call({ method: 'PATCH', path: `${api}/${sobject}/${recordId}`, json: fields });
          if (!updated.ok) return failed(updated);
          if (updated.res.status !== 204 && updated.res.status !== 200) return salesforceFailure(updated.res, `${sobject} ${recordId} update`);
        }
      } else if (found.res.status === 404) {
        if (!op.deal.create) {
          return { result: 'permanent', code: 'E_CRM_NOT_FOUND', message: `no Salesforce ${sobject} has ${op.deal.property} = ${op.deal.value} and link.create is false`, statusCode: 404 };
        }
        // Upsert by the external id rather than POST: a concurrent creation ends in one record, not two.
        const upserted = await client.call({ method: 'PATCH', path: byExternalId, json: toSalesforceNewOpportunity(op) });
        if (!upserted.ok) return failed(upserted);
        if (![200, 201, 204].includes(upserted.res.status)) return salesforceFailure(upserted.res, `${sobject} upsert by ${op.deal.property}`);
        created = upserted.res.status === 201;
        const id = (upserted.res.json as { id?: unknown } | undefined)?.id;
        if (typeof id === 'string') recordId = id;
        else {
          found = await client.call({ method: 'GET', path: `${byExternalId}?fields=Id` });
          if (!found.ok) return failed(found);
          if (found.res.status !== 200) return salesforceFailure(found.res, `${sobject} lookup by ${op.deal.property}`);
          recordId = String((found.res.json as { Id?: unknown })?.Id);
        }
      } else {
        return salesforceFailure(found.res, `${sobject} lookup by ${op.deal.property}`);
      }

      let createdTasks = 0;
      for (const task of op.tasks) {
        // A retry after a lost answer must not leave the salesperson two identical tasks.
        const existing = await client.call({ method: 'GET', path: `/services/data/${version}/query?q=${encodeURIComponent(existingTaskQuery(task, recordId))}` });
        if (!existing.ok) return failed(existing);
        if (existing.res.status !== 200) return salesforceFailure(existing.res, `Task lookup on ${sobject} ${recordId}`);
        if (Number((existing.res.json as { totalSize?: unknown })?.totalSize) > 0) continue;
        const res = await client.call({ method: 'POST', path: `${api}/Task`, json: toSalesforceTask(task, recordId) });
        if (!res.ok) return failed(res);
        if (res.res.status !== 201) return salesforceFailure(res.res, `Task "${task.subject}" on ${sobject} ${recordId}`);
        createdTasks += 1;
      }
      const stage = op.stage !== undefined ? `, StageName ${op.stage}` : '';
      return deliveredOutcome(lastStatus, `Salesforce ${sobject} ${recordId} ${created ? 'created' : 'updated'}${stage}, ${Object.keys(op.properties).length} mapped field(s), ${createdTasks} task(s) created${createdTasks < op.tasks.length ? ` (${op.tasks.length - createdTasks} already there)` : ''}`);
    },
  };
}
