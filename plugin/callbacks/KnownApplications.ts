import type { Knex } from 'knex';
import type { CallbackApplicationRow } from './rows.js';
import { subjectKey } from './RawCallbackStore.js';

/** By lender + application number: each pair once, its applications locked in one order (the row's key). */
const LOCK_BY_NUMBER = `SELECT a.* FROM ??.applications a
   JOIN (SELECT DISTINCT * FROM unnest(?::text[], ?::text[])) AS k(lender_id, lender_app_no)
     ON a.lender_id = k.lender_id AND a.lender_app_no = k.lender_app_no
  ORDER BY a.id FOR UPDATE OF a`;

/**
 * The applications a processing transaction's status updates are about, read and
 * row-locked together at its start (one statement instead of one per callback), as
 * `findApplication` would find them by the vendor's application number (the oldest
 * when several share it). An application the transaction writes is forgotten, so the
 * next callback about it reads it again; a number found on no application is
 * remembered as absent until the transaction links one.
 */
export class KnownApplications {
  private readonly byNumber = new Map<string, CallbackApplicationRow | null>();

  static async lock(trx: Knex.Transaction, schema: string, numbers: readonly { lenderId: string; lenderAppNo: string }[]): Promise<KnownApplications> {
    const known = new KnownApplications();
    if (!numbers.length) return known;
    const { rows } = (await trx.raw(LOCK_BY_NUMBER, [schema, numbers.map((n) => n.lenderId), numbers.map((n) => n.lenderAppNo)])) as { rows: CallbackApplicationRow[] };
    for (const n of numbers) known.byNumber.set(subjectKey(n.lenderId, n.lenderAppNo), null);
    const oldestFirst = [...rows].sort((a, b) => a.created_at.getTime() - b.created_at.getTime());
    for (const row of oldestFirst) {
      const key = subjectKey(row.lender_id, row.lender_app_no!);
      if (!known.byNumber.get(key)) known.byNumber.set(key, row);
    }
    return known;
  }

  /** The application with this number as the transaction left it; null: none has it; undefined: not known here. */
  byLenderAppNo(lenderId: string, lenderAppNo: string): CallbackApplicationRow | null | undefined {
    return this.byNumber.get(subjectKey(lenderId, lenderAppNo));
  }

  /** After the transaction wrote `applicationId` (or linked a number): read it from the table again. */
  forget(applicationId: string | undefined, linked: boolean): void {
    for (const [key, row] of this.byNumber) {
      if ((row && row.id === applicationId) || (linked && row === null)) this.byNumber.delete(key);
    }
  }
}
