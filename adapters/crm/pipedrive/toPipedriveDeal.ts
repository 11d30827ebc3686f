import type { CrmSyncOperation, CrmValue } from '../../../plugin/index.js';

/** Custom fields are addressed by their 40-character hash key; anything else must be a standard deal field. */
export const CUSTOM_FIELD_KEY = /^[0-9a-f]{40}$/;
export const STANDARD_DEAL_FIELDS = ['title', 'value', 'currency', 'expected_close_date', 'probability', 'owner_id', 'status', 'lost_reason', 'org_id', 'person_id', 'visible_to'];

type PipedriveValue = string | number | boolean | null;

/**
 * API v2 is strict about types: numbers are JSON numbers, dates `YYYY-MM-DD`
 * (date-time values keep their UTC date: Pipedrive date fields have no time).
 */
export function toPipedriveValue(value: CrmValue): PipedriveValue {
  return value.type === 'datetime' ? value.value.slice(0, 10) : value.value;
}

/** Stage ids are integers in Pipedrive; the manifest may write them as strings. */
export function toStageId(stage: string | number): number {
  return typeof stage === 'number' ? stage : Number.parseInt(stage, 10);
}

export interface PipedriveDealBody {
  stage_id?: number;
  custom_fields?: Record<string, PipedriveValue>;
  [standardField: string]: unknown;
}

/** The PATCH /api/v2/deals/{id} body: stage_id, standard fields at the top, custom fields under custom_fields. */
export function toPipedriveDealUpdate(op: CrmSyncOperation): PipedriveDealBody {
  const body: PipedriveDealBody = {};
  const custom: Record<string, PipedriveValue> = {};
  for (const [name, value] of Object.entries(op.properties)) {
    if (CUSTOM_FIELD_KEY.test(name)) custom[name] = toPipedriveValue(value);
    else body[name] = toPipedriveValue(value);
  }
  if (op.stage !== undefined) body.stage_id = toStageId(op.stage);
  if (Object.keys(custom).length) body.custom_fields = custom;
  return body;
}

/** The POST /api/v2/deals body of a new deal, holding our id in the link custom field. */
export function toPipedriveNewDeal(op: CrmSyncOperation): PipedriveDealBody {
  const update = toPipedriveDealUpdate(op);
  const stage = op.stage ?? op.deal.initialStage;
  return {
    title: op.deal.name,
    expected_close_date: op.deal.closeDate,
    ...(op.deal.pipeline !== undefined ? { pipeline_id: toStageId(op.deal.pipeline) } : {}),
    ...update,
    ...(stage !== undefined ? { stage_id: toStageId(stage) } : {}),
    custom_fields: { ...update.custom_fields, [op.deal.property]: op.deal.value },
  };
}

/** A task activity on the deal. */
export function toPipedriveActivity(task: CrmSyncOperation['tasks'][number], dealId: number): Record<string, unknown> {
  return {
    subject: task.subject,
    type: 'task',
    due_date: task.dueDate,
    deal_id: dealId,
    ...(task.body ? { note: task.body } : {}),
  };
}
