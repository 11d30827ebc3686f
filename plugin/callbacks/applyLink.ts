import type { Knex } from 'knex';
import { recordTransition } from '../applications/recordTransition.js';
import { updateApplicationColumns } from '../applications/updateApplicationColumns.js';
import { appendEvent } from '../events/appendEvent.js';
import type { LinkEvent } from '../sdk/LenderCallbacks.js';
import { findApplication } from './findApplication.js';
import { progressOf } from './statusProgress.js';
import type { EventResult } from './EventResult.js';
import type { RawCallbackRow } from './rows.js';

/**
 * Stage 1: records the vendor's application number on the application the
 * vendor id belongs to, moves it to `received` if it was not further along,
 * and emits `application.linked`. A link for an application we do not have
 * (yet) is parked as an orphan.
 */
export async function applyLink(trx: Knex.Transaction, schema: string, raw: RawCallbackRow, event: LinkEvent): Promise<EventResult> {
  const ids = { lenderAppId: event.lenderAppId, lenderAppNo: event.lenderAppNo };
  const app = await findApplication(trx, schema, raw.lender_id, { lenderAppId: event.lenderAppId }, { forUpdate: true });
  if (!app) return { result: 'orphaned', detail: `no application with vendor id ${event.lenderAppId} yet`, ...ids };
  if (app.lender_app_no === event.lenderAppNo) return { result: 'unchanged', detail: 'already linked', applicationId: app.id, ...ids };
  if (app.lender_app_no) {
    return { result: 'ignored', detail: `application is already linked to application number ${app.lender_app_no}`, applicationId: app.id, ...ids };
  }
  const clash = await trx
    .withSchema(schema)
    .table('applications')
    .where({ lender_id: raw.lender_id, lender_app_no: event.lenderAppNo })
    .whereNot({ id: app.id })
    .first('id');
  if (clash) return { result: 'ignored', detail: `application number ${event.lenderAppNo} already belongs to another application`, ...ids };

  const columns = { lender_app_no: event.lenderAppNo };
  if (progressOf(app.status) < progressOf('received')) {
    await recordTransition(trx, schema, {
      applicationId: app.id,
      dealerId: app.dealer_id,
      from: app.status as never,
      to: 'received',
      source: 'callback',
      lenderStatus: event.lenderStatus ?? null,
      rawCallbackId: Number(raw.id),
      vendorAt: event.vendorAt ?? null,
      columns,
      eventData: { lenderId: raw.lender_id, lenderAppId: event.lenderAppId, lenderAppNo: event.lenderAppNo, rawCallbackId: Number(raw.id) },
    });
  } else {
    await updateApplicationColumns(trx, schema, app.id, columns);
  }
  await appendEvent(trx, schema, {
    type: 'application.linked',
    applicationId: app.id,
    dealerId: app.dealer_id,
    data: {
      applicationId: app.id,
      dealerId: app.dealer_id,
      lenderId: raw.lender_id,
      lenderAppId: event.lenderAppId,
      lenderAppNo: event.lenderAppNo,
      linkedAt: (event.vendorAt ?? raw.received_at).toISOString(),
      rawCallbackId: Number(raw.id),
    },
  });
  return { result: 'applied', detail: `linked to application number ${event.lenderAppNo}`, applicationId: app.id, linkedAppNo: event.lenderAppNo, ...ids };
}
