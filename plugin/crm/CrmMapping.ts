import type { CrmConfig } from '../manifest/Manifest.js';
import type { CrmFieldType } from './toCrmValue.js';

/** The event types a CRM target follows when the manifest does not say. */
export const DEFAULT_CRM_EVENTS = ['application.status_changed'];
export const DEFAULT_DEAL_NAME = 'Finance application {applicationId}';
export const DEFAULT_CLOSE_IN_DAYS = 30;

export interface CrmLinkSettings {
  /** Which of our ids the CRM property holds. */
  by: 'applicationId' | 'externalRef';
  property: string;
  create: boolean;
  /** Template for a new deal's name. */
  name: string;
  pipeline?: string | number;
  initialStage?: string | number;
  closeInDays: number;
}

export interface CrmFieldMapping {
  /** Event path, e.g. `data.decision.apr`. */
  path: string;
  property: string;
  type?: CrmFieldType;
}

export interface CrmTaskAction {
  type: 'task';
  subject: string;
  body?: string;
  dueInDays: number;
  priority?: 'low' | 'normal' | 'high';
}

/** A manifest CRM target in the shape the mapping engine works with (the schema has already checked it). */
export interface CrmMapping {
  events: string[];
  link: CrmLinkSettings;
  stages: Record<string, string | number>;
  fields: CrmFieldMapping[];
  actions: Record<string, CrmTaskAction[]>;
}

type RawField = string | { property: string; type?: CrmFieldType };
type RawAction = Partial<CrmTaskAction> & { subject: string };

/** Reads the mapping out of a validated manifest CRM target, filling in defaults. */
export function readCrmMapping(crm: CrmConfig): CrmMapping {
  const link = (crm.link ?? {}) as Partial<CrmLinkSettings>;
  const fields = Object.entries((crm.fields ?? {}) as Record<string, RawField>).map(([path, spec]) =>
    typeof spec === 'string' ? { path, property: spec } : { path, property: spec.property, ...(spec.type ? { type: spec.type } : {}) },
  );
  const actions: Record<string, CrmTaskAction[]> = {};
  for (const [status, spec] of Object.entries((crm.actions ?? {}) as Record<string, RawAction | RawAction[]>)) {
    actions[status] = (Array.isArray(spec) ? spec : [spec]).map((a) => ({
      type: 'task',
      subject: a.subject,
      ...(a.body ? { body: a.body } : {}),
      dueInDays: a.dueInDays ?? 1,
      ...(a.priority ? { priority: a.priority } : {}),
    }));
  }
  return {
    events: crm.events?.length ? crm.events : DEFAULT_CRM_EVENTS,
    link: {
      by: link.by ?? 'applicationId',
      property: link.property ?? '',
      create: link.create ?? true,
      name: link.name ?? DEFAULT_DEAL_NAME,
      ...(link.pipeline !== undefined ? { pipeline: link.pipeline } : {}),
      ...(link.initialStage !== undefined ? { initialStage: link.initialStage } : {}),
      closeInDays: link.closeInDays ?? DEFAULT_CLOSE_IN_DAYS,
    },
    stages: crm.stages ?? {},
    fields,
    actions,
  };
}
