import type { Knex } from 'knex';
import { applicationBasics } from '../applications/presentApplication.js';

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
  return { ...applicationBasics(row), decision: row.decision, stipulations: row.stipulations, booked: row.booked };
}
