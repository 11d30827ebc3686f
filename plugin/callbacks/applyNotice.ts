import type { Knex } from 'knex';
import { appendEvent } from '../events/appendEvent.js';
import type { NoticeEvent } from '../sdk/LenderCallbacks.js';
import { findApplication } from './findApplication.js';
import type { EventResult } from './EventResult.js';
import type { RawCallbackRow } from './rows.js';

/**
 * Passes an adapter's notice (`case.outcome`, `customer_link.ready`) on as an
 * outbound event, once per raw callback: re-processing the same callback does
 * not notify subscribers twice.
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
  await appendEvent(trx, schema, {
    type: event.type,
    applicationId: app.id,
    dealerId: app.dealer_id,
    data: { ...event.data, applicationId: app.id, dealerId: app.dealer_id, lenderId: raw.lender_id, rawCallbackId: Number(raw.id) },
  });
  return { result: 'applied', detail: `${event.type} emitted`, applicationId: app.id };
}
