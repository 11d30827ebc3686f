import type { Knex } from 'knex';
import { appendEvent } from '../events/appendEvent.js';
import type { NoticeEvent } from '../sdk/LenderCallbacks.js';
import { findApplication } from './findApplication.js';
import { saveCustomerLink } from '../applications/saveCustomerLink.js';
import type { CustomerLink } from '../sdk/CustomerJourney.js';
import type { EventResult } from './EventResult.js';
import type { RawCallbackRow } from './rows.js';

/**
 * Passes an adapter's notice (`case.outcome`, `customer_link.ready`) on as an
 * outbound event, once per raw callback: re-processing the same callback does
 * not notify subscribers twice. A `customer_link.ready` also keeps the link
 * for the reactivation playbook's reminders.
 */
export async function applyNotice(trx: Knex.Transaction, schema: string, raw: RawCallbackRow, event: NoticeEvent): Promise<EventResult> {
  const app = await findApplication(trx, schema, raw.lender_id, event.ref);
  if (!app) return { result: 'ignored', detail: `${event.type}: no application matches`, lenderAppId: event.ref.lenderAppId };
  const already = await trx
    .withSchema(schema)
    .table('outbox')
    .where({ application_id: app.id, type: event.type })
    .whereRaw(`payload->>'rawCallbackId' = ?`, [String(raw.id)])
    .first('id');
  if (already) return { result: 'unchanged', detail: `${event.type} already emitted`, applicationId: app.id };
  const link = event.data as Partial<CustomerLink>;
  if (event.type === 'customer_link.ready' && typeof link.url === 'string' && link.sms) await saveCustomerLink(trx, schema, app.id, { url: link.url, sms: link.sms });
  await appendEvent(trx, schema, {
    type: event.type,
    applicationId: app.id,
    dealerId: app.dealer_id,
    data: { ...event.data, applicationId: app.id, dealerId: app.dealer_id, lenderId: raw.lender_id, rawCallbackId: Number(raw.id) },
  });
  return { result: 'applied', detail: `${event.type} emitted`, applicationId: app.id };
}
