import type { Knex } from 'knex';
import { appendEvent } from '../../events/appendEvent.js';

/** The application columns every notice event names. */
export interface NoticeSubject {
  id: string;
  dealer_id: string;
  lender_id: string;
  external_ref: string | null;
  status: string;
}

/** The row that records a notice as sent, and the columns that make it unique. */
export interface NoticeRow {
  table: string;
  values: Record<string, unknown>;
  uniqueBy: string[];
}

/**
 * Records a notice and appends its event in one transaction, once: when the row
 * is already there (an earlier scan, another process scanning at the same time)
 * nothing is sent. The event's data starts with the application's identity and
 * status, then `data`. Answers whether it was sent.
 */
export async function emitNoticeOnce(knex: Knex, schema: string, notice: NoticeRow, app: NoticeSubject, type: string, data: Record<string, unknown>): Promise<boolean> {
  return knex.transaction(async (trx) => {
    const inserted = await trx.withSchema(schema).table(notice.table).insert(notice.values).onConflict(notice.uniqueBy).ignore().returning(notice.uniqueBy.slice(0, 1));
    if (!inserted.length) return false;
    await appendEvent(trx, schema, {
      type,
      applicationId: app.id,
      dealerId: app.dealer_id,
      data: { applicationId: app.id, dealerId: app.dealer_id, lenderId: app.lender_id, externalRef: app.external_ref, status: app.status, ...data },
    });
    return true;
  });
}
