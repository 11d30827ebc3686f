import type { Knex } from 'knex';

/**
 * The application's current columns a CRM mapping may read as `application.*`:
 * identifiers, status and the lender's terms. Never the applicant's PII (the
 * sealed columns and the canonical application document are not read at all).
 */
export async function loadApplicationSnapshot(knex: Knex, schema: string, applicationId: string): Promise<Record<string, unknown> | null> {
  const row = await knex
    .withSchema(schema)
    .table('applications')
    .where({ id: applicationId })
    .first('id', 'dealer_id', 'lender_id', 'external_ref', 'status', 'lender_status', 'lender_app_no', 'decision', 'stipulations', 'booked', 'created_at', 'updated_at');
  if (!row) return null;
  const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : value);
  return {
    id: row.id,
    dealerId: row.dealer_id,
    lenderId: row.lender_id,
    externalRef: row.external_ref,
    status: row.status,
    lenderStatus: row.lender_status,
    lenderAppNo: row.lender_app_no,
    decision: row.decision,
    stipulations: row.stipulations,
    booked: row.booked,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}
