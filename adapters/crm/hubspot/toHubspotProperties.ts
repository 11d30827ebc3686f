import type { CrmSyncOperation, CrmValue } from '../../../plugin/index.js';

/**
 * HubSpot takes every property value as a string; date properties want epoch
 * milliseconds at midnight UTC, date-time properties epoch milliseconds, and an
 * empty string clears a value.
 */
export function toHubspotValue(value: CrmValue): string {
  switch (value.type) {
    case 'string':
      return value.value;
    case 'number':
      return String(value.value);
    case 'boolean':
      return value.value ? 'true' : 'false';
    case 'date':
      return String(Date.parse(`${value.value}T00:00:00.000Z`));
    case 'datetime':
      return String(Date.parse(value.value));
    case 'null':
      return '';
  }
}

/** The deal properties an update sets: mapped fields plus `dealstage` (and its pipeline) when the status has a stage. */
export function toHubspotDealProperties(op: CrmSyncOperation): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const [name, value] of Object.entries(op.properties)) properties[name] = toHubspotValue(value);
  if (op.stage !== undefined) {
    properties.dealstage = String(op.stage);
    if (op.deal.pipeline !== undefined) properties.pipeline = String(op.deal.pipeline);
  }
  return properties;
}

/** The batch-upsert input that creates the deal when no deal holds our id yet. */
export function toHubspotUpsertInput(op: CrmSyncOperation): { idProperty: string; id: string; properties: Record<string, string> } {
  return {
    idProperty: op.deal.property,
    id: op.deal.value,
    properties: {
      dealname: op.deal.name,
      ...(op.deal.pipeline !== undefined ? { pipeline: String(op.deal.pipeline) } : {}),
      closedate: toHubspotValue({ type: 'date', value: op.deal.closeDate }),
      ...(op.stage === undefined && op.deal.initialStage !== undefined ? { dealstage: String(op.deal.initialStage) } : {}),
      ...toHubspotDealProperties(op),
    },
  };
}

const PRIORITY = { low: 'LOW', normal: 'MEDIUM', high: 'HIGH' } as const;

/** Deal-to-task association (HUBSPOT_DEFINED type 216: task -> deal). */
export const TASK_TO_DEAL_ASSOCIATION = 216;

/** A CRM v3 task associated with the deal. */
export function toHubspotTask(task: CrmSyncOperation['tasks'][number], dealId: string): Record<string, unknown> {
  return {
    properties: {
      hs_timestamp: task.dueAt,
      hs_task_subject: task.subject,
      ...(task.body ? { hs_task_body: task.body } : {}),
      hs_task_status: 'NOT_STARTED',
      hs_task_priority: PRIORITY[task.priority ?? 'normal'],
      hs_task_type: 'TODO',
    },
    associations: [{ to: { id: dealId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: TASK_TO_DEAL_ASSOCIATION }] }],
  };
}

/** Search for a task this sync may already have created on an earlier attempt: same deal, subject and due time. */
export function toHubspotTaskSearch(task: CrmSyncOperation['tasks'][number], dealId: string): Record<string, unknown> {
  return {
    filterGroups: [
      {
        filters: [
          { propertyName: 'associations.deal', operator: 'EQ', value: dealId },
          { propertyName: 'hs_task_subject', operator: 'EQ', value: task.subject },
          { propertyName: 'hs_timestamp', operator: 'EQ', value: String(Date.parse(task.dueAt)) },
        ],
      },
    ],
    properties: ['hs_task_subject'],
    limit: 1,
  };
}
