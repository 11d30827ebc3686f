import type { Knex } from 'knex';
import { splitPii } from '../../../plugin/applications/splitPii.js';
import type { CreditApplication } from '../../../plugin/sdk/CreditApplication.js';
import { validApplication } from '../../applications/support/fixtures.js';

/** How many rows to seed and how they spread over time. */
export interface ScaleSize {
  applications: number;
  rawCallbacks: number;
}

/** Three years of history, whatever the row count, so date-range searches cut the same share of rows. */
const SPAN_SECONDS = 3 * 365 * 86_400;
/** An application's callbacks arrive this many application-creations apart (hours, at 1M rows): other applications' callbacks sit between them, as in a real table. */
const CALLBACK_LAG_STEPS = 280;

/**
 * Statuses by share of applications (per mille), roughly a dealer group's book:
 * most applications end funded or declined; needs_review and submission_failed
 * are rare, which is what makes "dealer + rare status" searches hard.
 */
export const STATUS_SHARES: [string, number][] = [
  ['funded', 300],
  ['declined', 200],
  ['approved', 80],
  ['conditioned', 80],
  ['countered', 30],
  ['pending', 50],
  ['received', 40],
  ['submitted', 30],
  ['booked', 40],
  ['withdrawn', 50],
  ['cancelled', 40],
  ['ineligible', 30],
  ['submission_failed', 15],
  ['needs_review', 15],
];

/** Dealers; dealer-0000 is the largest (about 3% of all applications), most have a few hundred. */
export const DEALERS = 1000;
export const dealerId = (n: number) => `dealer-${String(n).padStart(4, '0')}`;

/** SQL for a deterministic pseudo-random fraction in [0, 1) of the integer column `g` (Knuth's multiplicative hash, in float8: numeric would be slow). */
const unitHash = (salt: number) => `(((g::bigint * 2654435761 + ${salt}) % 4294967296)::float8 / 4294967296)`;

/** SQL mapping the fraction `h` to a status with the shares of STATUS_SHARES. */
function statusCase(h: string): string {
  let upTo = 0;
  const arms = STATUS_SHARES.map(([status, share]) => {
    upTo += share;
    return `WHEN ${h} * 1000 < ${upTo} THEN '${status}'`;
  });
  return `CASE ${arms.join(' ')} ELSE 'funded' END`;
}

/** The canonical application without PII, as lendwire stores it (about 1.5 KB of JSON per row). */
function storedApplicationJson(): string {
  return JSON.stringify(splitPii(validApplication() as unknown as CreditApplication).stripped);
}

/** Application `g` is lendwire id `scaleApplicationId(g)`; ids sort in creation order, like ULIDs. */
export const scaleApplicationId = (g: number) => `app_${g.toString(16).toUpperCase().padStart(26, '0')}`;

/**
 * `n` applications over three years, ids in creation order; a few large
 * dealers and many small ones (dealer-0000 has about 3%); pairs of
 * applications share an externalRef (one lead sent to two lenders).
 */
async function seedApplications(trx: Knex.Transaction, schema: string, n: number): Promise<void> {
  await trx.raw(
    `INSERT INTO ??.applications
       (id, dealer_id, lender_id, external_ref, status, lender_status, lender_app_id, lender_app_no,
        application, pii, pii_key_id, request_hash, created_by, version, created_at, updated_at)
     SELECT 'app_' || lpad(upper(to_hex(g)), 26, '0'),
            'dealer-' || lpad(floor(power(dealer_hash, 2) * ${DEALERS})::int::text, 4, '0'),
            lender,
            CASE WHEN g % 5 = 0 THEN NULL ELSE 'LEAD-' || (g / 2) END,
            status, status,
            CASE WHEN status IN ('queued', 'submitting', 'submission_failed') THEN NULL
                 WHEN lender = 'sunhaven' THEN md5('session-' || g) ELSE 'AT-' || (5000000 + g) END,
            CASE WHEN status IN ('queued', 'submitting', 'submitted', 'submission_failed', 'needs_review') OR lender = 'sunhaven' THEN NULL
                 ELSE (10000000 + g)::text END,
            ?::jsonb, decode(md5(g::text) || md5('pii' || g) || md5('iv' || g), 'hex'), 'bench-key', md5('request' || g), 'bench', 3,
            created_at, created_at + interval '3 days'
       FROM (SELECT g, dealer_hash,
                    CASE WHEN g > ${n - 10} THEN 'queued' WHEN g > ${n - 20} THEN 'submitting' ELSE ${statusCase('status_hash')} END AS status,
                    CASE WHEN lender_hash < 0.6 THEN 'westlake' WHEN lender_hash < 0.9 THEN 'sunhaven' ELSE 'eastbank' END AS lender,
                    now() - interval '${SPAN_SECONDS} seconds' + g * interval '${SPAN_SECONDS / n} seconds' AS created_at
               FROM (SELECT g, ${unitHash(3)} AS dealer_hash, ${unitHash(7)} AS status_hash, ${unitHash(11)} AS lender_hash
                       FROM generate_series(1, ${n}) g OFFSET 0) hashes
             OFFSET 0) s`,
    [schema, storedApplicationJson()],
  );
}

/**
 * `perApplication` callbacks per application, inserted in arrival order (ids
 * grow with received_at) with an application's callbacks hours apart, so they
 * sit on different pages as they would in a real table. The first is the
 * stage-1 link; about 1 in 1000 is unparseable (review queue); the callbacks
 * of 1 application in 20,000 wait as orphans. Each row takes its application's
 * columns through a hash join on the freshly seeded applications (probe side
 * in arrival order, one batch: the order survives).
 */
async function seedRawCallbacks(trx: Knex.Transaction, schema: string, n: number, perApplication: number): Promise<void> {
  const g = `(t - ${CALLBACK_LAG_STEPS} * k)`;
  const gap = `${(SPAN_SECONDS / n) * CALLBACK_LAG_STEPS} seconds`;
  const orphan = `${g} % 20011 = 7`;
  const unparseable = `(t * 7 + k) % 997 = 0`;
  await trx.raw(
    `INSERT INTO ??.raw_callbacks
       (lender_id, received_at, content_type, headers, body, source_ip, dedupe_key, parse_status, parse_reason,
        process_status, process_detail, application_id, lender_app_no, lender_app_id, process_count, processed_at)
     SELECT a.lender_id, a.created_at + (k + 1) * interval '${gap}',
            'application/json', '{"content-type":"application/json","x-api-key":"[redacted]"}'::jsonb,
            convert_to(json_build_object('AppNo', a.lender_app_no, 'AppId', a.lender_app_id, 'Stage', k, 'DecisionStatus', a.status)::text, 'UTF8'),
            '10.20.0.7',
            CASE WHEN a.lender_id = 'sunhaven' THEN 'dlv-' || t || '-' || k END,
            CASE WHEN ${unparseable} THEN 'unparseable' ELSE 'parsed' END,
            CASE WHEN ${unparseable} THEN 'body is not JSON' END,
            CASE WHEN ${unparseable} THEN 'review' WHEN ${orphan} THEN 'orphaned' WHEN k % 3 = 2 THEN 'unchanged' ELSE 'applied' END,
            CASE WHEN ${orphan} THEN 'waiting for the stage-1 link' ELSE 'applied' END,
            CASE WHEN ${orphan} THEN NULL ELSE a.id END,
            coalesce(a.lender_app_no, CASE WHEN ${orphan} THEN (10000000 + ${g})::text END),
            a.lender_app_id,
            1,
            a.created_at + (k + 1) * interval '${gap}' + interval '40 milliseconds'
       FROM generate_series(1, ${n + CALLBACK_LAG_STEPS * (perApplication - 1)}) t
      CROSS JOIN LATERAL generate_series(0, ${perApplication - 1} + 0 * t) k
       JOIN ??.applications a ON a.id = 'app_' || lpad(upper(to_hex(${g})), 26, '0')
      WHERE ${g} BETWEEN 1 AND ${n}`,
    [schema, schema],
  );
}

/** Secondary indexes of a table that no constraint needs (so they can be dropped and rebuilt), with their definitions. */
async function droppableIndexes(trx: Knex.Transaction, schema: string, table: string): Promise<{ name: string; definition: string }[]> {
  const { rows } = await trx.raw(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace ns ON ns.oid = t.relnamespace
      WHERE ns.nspname = ? AND t.relname = ? AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`,
    [schema, table],
  );
  return rows as { name: string; definition: string }[];
}

/**
 * Bulk-load practice: drop the secondary indexes, load, rebuild each from its
 * own definition (a sorted build instead of 10M random inserts per index).
 * The rebuilt indexes are exactly the migrations' indexes.
 */
async function withIndexesRebuilt(trx: Knex.Transaction, schema: string, table: string, load: () => Promise<void>): Promise<void> {
  const indexes = await droppableIndexes(trx, schema, table);
  for (const index of indexes) await trx.raw('DROP INDEX ??.??', [schema, index.name]);
  await load();
  for (const index of indexes) await trx.raw(index.definition);
}

export interface SeedTimings {
  applicationsMs: number;
  rawCallbacksMs: number;
  vacuumAnalyzeMs: number;
}

/**
 * Seeds `size` rows straight into lendwire's tables (INSERT ... SELECT
 * generate_series: seconds per million rows, where the API would take hours),
 * then VACUUM ANALYZE as autovacuum would have done on a long-lived table, and a
 * CHECKPOINT: the load leaves gigabytes of dirty pages, and writing them out
 * while the lookups were timed took the one-row lookups' p50 from about 0.25 to
 * 0.4-0.66 ms (docs/performance.md, "Data at scale").
 */
export async function seedAtScale(knex: Knex, schema: string, size: ScaleSize): Promise<SeedTimings> {
  if (!Number.isInteger(size.applications) || size.applications < 100) throw new Error('scale bench: at least 100 applications');
  const perApplication = Math.max(1, Math.round(size.rawCallbacks / size.applications));
  const timed = async (what: () => Promise<void>) => {
    const t0 = performance.now();
    await what();
    return Math.round(performance.now() - t0);
  };
  // One connection for the whole load, so the memory settings hold for every statement.
  let applicationsMs = 0;
  let rawCallbacksMs = 0;
  await knex.transaction(async (trx) => {
    await trx.raw(`SET LOCAL work_mem = '256MB'`);
    await trx.raw(`SET LOCAL maintenance_work_mem = '512MB'`);
    applicationsMs = await timed(() => withIndexesRebuilt(trx, schema, 'applications', () => seedApplications(trx, schema, size.applications)));
    rawCallbacksMs = await timed(() => withIndexesRebuilt(trx, schema, 'raw_callbacks', () => seedRawCallbacks(trx, schema, size.applications, perApplication)));
  });
  const vacuumAnalyzeMs = await timed(async () => {
    await knex.raw('VACUUM (ANALYZE) ??.applications', [schema]);
    await knex.raw('VACUUM (ANALYZE) ??.raw_callbacks', [schema]);
    await knex.raw('CHECKPOINT');
  });
  return { applicationsMs, rawCallbacksMs, vacuumAnalyzeMs };
}
