import type { Knex } from 'knex';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const SETTLED = ['submitted', 'submission_failed', 'needs_review'];

/** The application row once its submission has settled. */
export async function settledApplication(knex: Knex, id: string, timeoutMs = 10_000): Promise<Record<string, unknown>> {
  return waitFor(`application ${id} to settle`, async () => {
    const row = await knex.withSchema('lendwire').table('applications').where({ id }).first();
    return row && SETTLED.includes(row.status) ? (row as Record<string, unknown>) : undefined;
  }, timeoutMs);
}
