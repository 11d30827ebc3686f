import type { CrmSyncOperation, CrmTask, CrmValue } from '../sdk/CrmAdapter.js';
import type { CrmMapping } from './CrmMapping.js';
import type { DeliverableEvent } from '../delivery/DeliveryTargetKind.js';
import { DATA_ONLY_UPDATE } from './crmFollows.js';
import { readEventPath } from './eventPaths.js';
import { renderTemplate } from './template.js';
import { toCrmValue } from './toCrmValue.js';

/** What the mapping engine reads for one event: the envelope a delivery target gets plus the application's current non-PII columns. */
export type CrmEventSource = Omit<DeliverableEvent, 'outboxId'> & {
  application: Record<string, unknown> | null;
};

/** A mapped field whose event value could not be converted; the field is left out, the rest still syncs. */
export interface MappingWarning {
  path: string;
  property: string;
  message: string;
}

export type MappingResult =
  | { kind: 'operation'; operation: CrmSyncOperation; warnings: MappingWarning[] }
  | { kind: 'skip'; reason: string; warnings: MappingWarning[] };

const DAY_MS = 86_400_000;

function addDays(iso: string, days: number): Date {
  const base = new Date(iso);
  return new Date((Number.isNaN(base.getTime()) ? Date.now() : base.getTime()) + days * DAY_MS);
}

function linkValue(source: CrmEventSource, by: 'applicationId' | 'externalRef'): string | undefined {
  const raw =
    by === 'applicationId'
      ? (source.applicationId ?? source.data.applicationId)
      : (source.application?.externalRef ?? source.data.externalRef);
  return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : typeof raw === 'number' ? String(raw) : undefined;
}

/**
 * The mapping engine: turns one event into the CRM update the manifest
 * describes. Pure: the same event and mapping always give the same operation
 * (dates count from the event's own timestamp, so a retry sends the same body).
 */
export function mapEvent(source: CrmEventSource, mapping: CrmMapping): MappingResult {
  const warnings: MappingWarning[] = [];
  const view = source as unknown as Record<string, unknown>;
  if (!source.applicationId) return { kind: 'skip', reason: 'the event is not about an application', warnings };
  const value = linkValue(source, mapping.link.by);
  if (value === undefined) {
    return { kind: 'skip', reason: `the application has no ${mapping.link.by}, so its CRM deal cannot be found (link.by = "${mapping.link.by}")`, warnings };
  }

  const status = typeof source.data.status === 'string' ? source.data.status : undefined;
  // A data-only update repeats the current status; only a status change moves the deal (a late one must not move it back).
  const dataOnly = source.type === DATA_ONLY_UPDATE;
  const stage = status !== undefined && !dataOnly ? mapping.stages[status] : undefined;

  const properties: Record<string, CrmValue> = {};
  for (const field of mapping.fields) {
    const raw = readEventPath(view, field.path);
    if (raw === undefined) continue; // not in this event: leave the CRM property alone
    const converted = toCrmValue(raw, field.type);
    if (converted.ok) properties[field.property] = converted.value;
    else warnings.push({ path: field.path, property: field.property, message: `${field.path} ${converted.reason}; ${field.property} was not updated` });
  }

  // Actions follow a change into the status (an event with previousStatus), not every event that mentions it.
  const entered = status !== undefined && !dataOnly && 'previousStatus' in source.data && source.data.previousStatus !== status;
  // An action keyed by an event type (a dot in the key) follows every such event, e.g. the playbook's application.reactivation_due.
  const actions = [...(entered ? (mapping.actions[status] ?? []) : []), ...(source.type.includes('.') ? (mapping.actions[source.type] ?? []) : [])];
  const tasks: CrmTask[] = actions.map((action) => {
    const due = addDays(source.timestamp, action.dueInDays);
    return {
      subject: renderTemplate(action.subject, view) || action.subject,
      ...(action.body ? { body: renderTemplate(action.body, view) } : {}),
      dueDate: due.toISOString().slice(0, 10),
      dueAt: due.toISOString(),
      ...(action.priority ? { priority: action.priority } : {}),
    };
  });

  if (stage === undefined && Object.keys(properties).length === 0 && tasks.length === 0) {
    return { kind: 'skip', reason: `nothing to sync: status ${status ?? '(none)'} and event ${source.type} have no stage or action and no mapped field has a value`, warnings };
  }
  return {
    kind: 'operation',
    warnings,
    operation: {
      eventId: source.eventId,
      eventType: source.type,
      applicationId: source.applicationId,
      deal: {
        property: mapping.link.property,
        value,
        create: mapping.link.create,
        name: renderTemplate(mapping.link.name, view) || `Finance application ${source.applicationId}`,
        ...(mapping.link.pipeline !== undefined ? { pipeline: mapping.link.pipeline } : {}),
        ...(mapping.link.initialStage !== undefined ? { initialStage: mapping.link.initialStage } : {}),
        closeDate: addDays(source.timestamp, mapping.link.closeInDays).toISOString().slice(0, 10),
      },
      ...(stage !== undefined ? { stage } : {}),
      properties,
      tasks,
    },
  };
}
