import type { Knex } from 'knex';
import type { Sealer } from '../Sealer.js';
import type { ResealPacing } from './ResealPacing.js';

interface SealedRow {
  id: string;
  pii: Buffer;
}

/** Rows a pass could not re-seal: failed to open (tampered), or still locked after the last pass. */
export interface ApplicationResealResult {
  resealed: number;
  failedIds: string[];
  left: number;
}

const MAX_PASSES = 5;

/**
 * One batch in one short transaction: the next rows (by id) still sealed with
 * `keyId`, locked FOR UPDATE SKIP LOCKED so a row that live traffic holds is
 * left for a later pass instead of waited on. Only `pii` and `pii_key_id`
 * change, so a status update made around it is never overwritten, and the
 * `pii_key_id` check makes a repeated batch a no-op.
 */
async function resealBatch(knex: Knex, schema: string, sealer: Sealer, keyId: string, after: string, size: number, failed: Set<string>): Promise<{ count: number; last?: string }> {
  return knex.transaction(async (trx) => {
    const rows = (await trx.withSchema(schema).table('applications').select('id', 'pii').whereNotNull('pii').where({ pii_key_id: keyId }).andWhere('id', '>', after).orderBy('id').limit(size).forUpdate().skipLocked()) as SealedRow[];
    if (!rows.length) return { count: 0 };
    const resealed: [string, Buffer][] = [];
    for (const row of rows) {
      try {
        resealed.push([row.id, sealer.seal(sealer.open(row.pii))]);
      } catch {
        failed.add(row.id); // tampered or truncated: reported by id, never guessed at
      }
    }
    if (resealed.length) {
      await trx.raw(
        `UPDATE ??.applications AS a SET pii = v.pii, pii_key_id = ? FROM (VALUES ${resealed.map(() => '(?::text, ?::bytea)').join(', ')}) AS v(id, pii)
          WHERE a.id = v.id AND a.pii_key_id = ?`,
        [schema, sealer.activeKeyId!, ...resealed.flat(), keyId],
      );
    }
    return { count: resealed.length, last: rows[rows.length - 1].id };
  });
}

async function countOnKey(knex: Knex, schema: string, keyId: string): Promise<number> {
  const [{ count }] = (await knex.withSchema(schema).table('applications').whereNotNull('pii').where({ pii_key_id: keyId }).count({ count: '*' })) as { count: string }[];
  return Number(count);
}

/**
 * Moves every application sealed with `keyId` to the active key, keyset-paged
 * by id. Rows skipped because they were locked are picked up by another pass;
 * a killed run resumes simply because finished rows no longer match `keyId`.
 */
export async function resealApplications(knex: Knex, schema: string, sealer: Sealer, keyId: string, pacing: ResealPacing): Promise<ApplicationResealResult> {
  const failed = new Set<string>();
  let resealed = 0;
  let left = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let after = '';
    for (;;) {
      const batch = await resealBatch(knex, schema, sealer, keyId, after, pacing.batchSize, failed);
      if (batch.last === undefined) break;
      after = batch.last;
      resealed += batch.count;
      pacing.onBatch(batch.count);
      await pacing.pause();
    }
    left = (await countOnKey(knex, schema, keyId)) - failed.size;
    if (left <= 0) break;
    await pacing.pause(250); // rows held by live transactions: give them a moment, then another pass
  }
  return { resealed, failedIds: [...failed], left: Math.max(0, left) };
}
