import type { Knex } from 'knex';
import type { ApplicationRef } from '../sdk/LenderCallbacks.js';
import type { CallbackApplicationRow } from './rows.js';
import type { KnownApplications } from './KnownApplications.js';

/**
 * Finds the application a callback is about, always within its lender (a
 * callback can never touch another lender's application): by the vendor's
 * application number first, then by lendwire's own id, then by the vendor's id
 * from the submission answer (which some vendors echo back as our id).
 * `known`: a processing transaction's applications, read together (KnownApplications).
 * `beforeRead`: runs before the table is read (a transaction's held writes are sent first).
 */
export async function findApplication(
  db: Knex | Knex.Transaction,
  schema: string,
  lenderId: string,
  ref: ApplicationRef,
  options: { forUpdate?: boolean; known?: KnownApplications; beforeRead?: () => Promise<void> } = {},
): Promise<CallbackApplicationRow | undefined> {
  // Read (and locked) with the transaction's other applications already, or known to be nobody's number.
  const known = ref.lenderAppNo ? options.known?.byLenderAppNo(lenderId, ref.lenderAppNo) : undefined;
  if (known) return known;
  await options.beforeRead?.();
  const attempts: [string, string | undefined][] = [
    ['lender_app_no', known === null ? undefined : ref.lenderAppNo],
    ['id', ref.applicationId],
    ['lender_app_id', ref.lenderAppId],
    ['id', ref.lenderAppId],
  ];
  for (const [column, value] of attempts) {
    if (!value) continue;
    const query = db.withSchema(schema).table('applications').where({ lender_id: lenderId, [column]: value }).orderBy('created_at').first();
    if (options.forUpdate) query.forUpdate();
    const row = (await query) as CallbackApplicationRow | undefined;
    if (row) return row;
  }
  return undefined;
}
