import type { CrmSyncOperation, CrmValue } from '../../../plugin/index.js';

/** Salesforce's REST API takes JSON numbers and booleans, `YYYY-MM-DD` dates and ISO 8601 date-times; null clears a field. */
export function toSalesforceValue(value: CrmValue): string | number | boolean | null {
  return value.value;
}

/** The Opportunity fields an update sets: mapped fields plus StageName when the status has a stage. */
export function toSalesforceFields(op: CrmSyncOperation): Record<string, string | number | boolean | null> {
  const fields: Record<string, string | number | boolean | null> = {};
  for (const [name, value] of Object.entries(op.properties)) fields[name] = toSalesforceValue(value);
  if (op.stage !== undefined) fields.StageName = String(op.stage);
  return fields;
}

/** The fields of a new Opportunity: Name, CloseDate and StageName are required by Salesforce. */
export function toSalesforceNewOpportunity(op: CrmSyncOperation): Record<string, string | number | boolean | null> {
  const stage = op.stage ?? op.deal.initialStage;
  return {
    Name: op.deal.name,
    CloseDate: op.deal.closeDate,
    ...(stage !== undefined ? { StageName: String(stage) } : {}),
    ...toSalesforceFields(op),
  };
}

const PRIORITY = { low: 'Low', normal: 'Normal', high: 'High' } as const;

/** A Task on the Opportunity (WhatId). */
export function toSalesforceTask(task: CrmSyncOperation['tasks'][number], opportunityId: string): Record<string, string> {
  return {
    Subject: task.subject,
    ...(task.body ? { Description: task.body } : {}),
    ActivityDate: task.dueDate,
    Status: 'Not Started',
    Priority: PRIORITY[task.priority ?? 'normal'],
    WhatId: opportunityId,
  };
}

/** SOQL string literal: backslashes and quotes escaped. */
const soqlString = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** SOQL finding a Task this sync may already have created on an earlier attempt. */
export function existingTaskQuery(task: CrmSyncOperation['tasks'][number], recordId: string): string {
  return `SELECT Id FROM Task WHERE WhatId = ${soqlString(recordId)} AND Subject = ${soqlString(task.subject)} AND ActivityDate = ${task.dueDate} LIMIT 1`;
}
