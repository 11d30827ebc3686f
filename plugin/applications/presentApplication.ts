import type { ApplicationRow } from './ApplicationRow.js';
import type { Sealer } from '../security/Sealer.js';
import { maskedApplication, type ApplicationPii } from './splitPii.js';
import { isoTime } from '../kernel/isoTime.js';

/** The 202 answer to a submission; built only from values fixed at creation, so a replay answers the same. */
export function acceptedAnswer(row: ApplicationRow): Record<string, unknown> {
  return {
    id: row.id,
    status: 'queued',
    lenderId: row.lender_id,
    dealerId: row.dealer_id,
    externalRef: row.external_ref,
    createdAt: new Date(row.created_at).toISOString(),
    links: { self: `applications/${row.id}`, timeline: `applications/${row.id}/timeline` },
  };
}

/** The columns every answer about an application is built from. */
export type ApplicationBasicsColumns = Pick<ApplicationRow, 'id' | 'dealer_id' | 'lender_id' | 'external_ref' | 'status' | 'lender_status' | 'lender_app_no' | 'created_at' | 'updated_at'>;

/** Who, where and in what state: the part the dealer API, the admin API and CRM mappings all show (no body, no PII). */
export function applicationBasics(row: ApplicationBasicsColumns) {
  return {
    id: row.id,
    dealerId: row.dealer_id,
    lenderId: row.lender_id,
    externalRef: row.external_ref,
    status: row.status,
    lenderStatus: row.lender_status,
    lenderAppNo: row.lender_app_no,
    createdAt: isoTime(row.created_at)!,
    updatedAt: isoTime(row.updated_at)!,
  };
}

/** Summary line for lists (no application body), in the dealer and the admin API. */
export function applicationSummary(row: ApplicationBasicsColumns & Pick<ApplicationRow, 'lender_app_id'>): Record<string, unknown> {
  return { ...applicationBasics(row), lenderAppId: row.lender_app_id };
}

/** One application with its body, PII masked (`***-**-6789`). */
export function applicationDetail(row: ApplicationRow, sealer: Sealer): Record<string, unknown> {
  let pii: ApplicationPii | undefined;
  try {
    pii = row.pii ? (JSON.parse(sealer.openString(row.pii)) as ApplicationPii) : undefined;
  } catch {
    pii = undefined; // masked as unknown rather than failing the whole answer (e.g. a retired key)
  }
  return {
    ...applicationSummary(row),
    decision: row.decision ?? null,
    stipulations: row.stipulations ?? null,
    booked: row.booked ?? null,
    decline: row.decline ?? null,
    adverseActionDueAt: isoTime(row.adverse_action_due_at),
    version: row.version,
    kind: row.kind,
    ...(row.kind === 'customer_journey' ? { journey: row.application } : { application: maskedApplication(row.application, pii) }),
  };
}
