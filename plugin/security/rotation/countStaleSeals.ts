import type { Knex } from 'knex';
import type { Sealer } from '../Sealer.js';

/** Sealed values not on the active key, by the key that sealed them. */
export interface StaleSeals {
  /** key id -> number of sealed values (application rows + subscription secrets) still using it */
  byKey: Record<string, number>;
  /** Values on keys the manifest still lists: `lendwire pii:reseal` moves them to the active key. */
  resealable: number;
  /** Values on keys the manifest no longer lists: unreadable until the key is put back. */
  unreadable: number;
  unlistedKeys: string[];
}

/**
 * The distinct key ids of sealed applications, by a loose index scan of
 * `applications_pii_key`: one index probe per key, however many rows.
 */
export async function applicationKeyIds(knex: Knex, schema: string): Promise<string[]> {
  const { rows } = await knex.raw<{ rows: { key: string | null }[] }>(
    `WITH RECURSIVE k AS (
       (SELECT pii_key_id AS key FROM ??.applications WHERE pii IS NOT NULL ORDER BY pii_key_id LIMIT 1)
       UNION ALL
       SELECT (SELECT pii_key_id FROM ??.applications a WHERE a.pii IS NOT NULL AND a.pii_key_id > k.key ORDER BY a.pii_key_id LIMIT 1)
         FROM k WHERE k.key IS NOT NULL
     ) SELECT key FROM k WHERE key IS NOT NULL`,
    [schema, schema],
  );
  return rows.map((r) => r.key as string);
}

/** A value that is not a sealed blob at all is counted under this pseudo key id (never a configured key). */
export const MALFORMED = '(malformed)';

export function keyIdOrMalformed(sealer: Sealer, blob: Buffer): string {
  try {
    return sealer.keyIdOf(blob);
  } catch {
    return MALFORMED;
  }
}

/** Subscription secrets (few rows) sealed with another key than the active one, by key id. */
export async function staleSubscriptionSecrets(knex: Knex, schema: string, sealer: Sealer): Promise<Record<string, number>> {
  const rows = (await knex.withSchema(schema).table('subscriptions').select('secret_sealed', 'previous_secret_sealed')) as { secret_sealed: Buffer | null; previous_secret_sealed: Buffer | null }[];
  const byKey: Record<string, number> = {};
  for (const blob of rows.flatMap((r) => [r.secret_sealed, r.previous_secret_sealed])) {
    if (!blob) continue;
    const key = keyIdOrMalformed(sealer, blob);
    if (key !== sealer.activeKeyId) byKey[key] = (byKey[key] ?? 0) + 1;
  }
  return byKey;
}

/**
 * Counts every sealed value that does not use the active key. Rows already on
 * the active key are never visited: the cost follows the work left, so it is
 * cheap enough for every start-up.
 */
export async function countStaleSeals(knex: Knex, schema: string, sealer: Sealer): Promise<StaleSeals> {
  const byKey = await staleSubscriptionSecrets(knex, schema, sealer);
  for (const key of await applicationKeyIds(knex, schema)) {
    if (key === sealer.activeKeyId) continue;
    const [{ count }] = (await knex.withSchema(schema).table('applications').whereNotNull('pii').where({ pii_key_id: key }).count({ count: '*' })) as { count: string }[];
    byKey[key] = (byKey[key] ?? 0) + Number(count);
  }
  const unlistedKeys = Object.keys(byKey).filter((k) => !sealer.hasKey(k));
  const unreadable = unlistedKeys.reduce((n, k) => n + byKey[k], 0);
  const total = Object.values(byKey).reduce((n, c) => n + c, 0);
  return { byKey, resealable: total - unreadable, unreadable, unlistedKeys };
}
