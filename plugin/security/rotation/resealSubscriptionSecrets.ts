import type { Knex } from 'knex';
import type { Sealer } from '../Sealer.js';
import type { ResealPacing } from './ResealPacing.js';
import { keyIdOrMalformed } from './countStaleSeals.js';

interface SecretRow {
  id: string;
  secret_sealed: Buffer | null;
  previous_secret_sealed: Buffer | null;
}

const COLUMNS = ['secret_sealed', 'previous_secret_sealed'] as const;

/**
 * Re-seals API-created webhook secrets (current and previous) that use an
 * older key still listed in the manifest. Few rows; keyset-paged and locked
 * SKIP LOCKED all the same, so a secret rotation running at the same moment
 * wins (it seals with the active key anyway). Returns the values re-sealed.
 */
export async function resealSubscriptionSecrets(knex: Knex, schema: string, sealer: Sealer, pacing: ResealPacing): Promise<number> {
  const stale = (blob: Buffer | null): blob is Buffer => {
    if (blob === null) return false;
    const key = keyIdOrMalformed(sealer, blob);
    return key !== sealer.activeKeyId && sealer.hasKey(key);
  };
  let after = '';
  let total = 0;
  for (;;) {
    const { last, count } = await knex.transaction(async (trx) => {
      const rows = (await trx.withSchema(schema).table('subscriptions').select('id', ...COLUMNS).where('id', '>', after).orderBy('id').limit(pacing.batchSize).forUpdate().skipLocked()) as SecretRow[];
      let changed = 0;
      for (const row of rows) {
        const update: Partial<Record<(typeof COLUMNS)[number], Buffer>> = {};
        for (const column of COLUMNS) {
          const blob = row[column];
          if (!stale(blob)) continue;
          try {
            update[column] = sealer.seal(sealer.open(blob));
          } catch {
            // Fails authentication: left as it is (still counted at start-up) rather than stopping the run.
          }
        }
        if (!Object.keys(update).length) continue;
        await trx.withSchema(schema).table('subscriptions').where({ id: row.id }).update(update);
        changed += Object.keys(update).length;
      }
      return { last: rows.at(-1)?.id, count: changed };
    });
    if (last === undefined) return total;
    after = last;
    total += count;
    if (count) pacing.onBatch(count);
  }
}
