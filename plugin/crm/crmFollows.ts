import type { CrmMapping } from './CrmMapping.js';
import { matchesEventType } from '../events/matchesEventType.js';

/** New facts about an application without a status change (a booked block processed after `funded`, new stipulations). */
export const DATA_ONLY_UPDATE = 'application.updated';

/**
 * Whether a CRM target takes an event: the types its manifest entry follows,
 * and data-only updates whenever it maps fields. A target following only status
 * changes would otherwise never receive facts that arrive without one (e.g.
 * `data.booked.firstPaymentDate` when the booked callback is applied after funded).
 * An event type that has its own action (e.g. `application.reactivation_due`) is followed too.
 */
export function crmFollows(eventType: string, mapping: CrmMapping): boolean {
  if (matchesEventType(eventType, mapping.events)) return true;
  if (eventType.includes('.') && mapping.actions[eventType]?.length) return true;
  return eventType === DATA_ONLY_UPDATE && mapping.fields.length > 0;
}
