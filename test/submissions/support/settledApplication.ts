import type { Knex } from 'knex';
import { waitFor } from '../../support/waitFor.js';

const SETTLED = ['submitted', 'submission_failed', 'needs_review'];

/** The application row once its submission has settled. */
export async function settledApplication(knex: Knex, id: string, timeoutMs = 10_000): Promise<Record<string, unknown>> {
  return waitFor(async () => {
    const row = await knex.withSchema('lendwire').table('applications').where({ id }).first();
    return row && SETTLED.includes(row.status) ? (row as Record<string, unknown>) : undefined;
  }, timeoutMs, `application ${id} to settle`);
}
