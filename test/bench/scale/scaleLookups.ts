import type { Knex } from 'knex';
import type { Lendwire } from '../../../plugin/index.js';
import { ApplicationStore } from '../../../plugin/applications/ApplicationStore.js';
import { APPLICATION_STATUSES } from '../../../plugin/sdk/statuses.js';
import { findApplication } from '../../../plugin/callbacks/findApplication.js';
import { RawCallbackStore } from '../../../plugin/callbacks/RawCallbackStore.js';
import { describeCaller } from '../../../plugin/admin/api/adminAccess.js';
import { parseApplicationSearch, searchApplications } from '../../../plugin/admin/api/applicationQueries.js';
import { scaleApplicationId } from './seedAtScale.js';

/** One lookup, run through lendwire's own query code; sample `i` picks its own key. */
export interface Lookup {
  name: string;
  kind: 'search' | 'callback lookup';
  run(i: number): Promise<unknown>;
}

/** Seeded application rows the lookups draw their keys from. */
interface KeyRow {
  id: string;
  dealer_id: string;
  lender_id: string;
  external_ref: string | null;
  lender_app_no: string | null;
  lender_app_id: string | null;
  status: string;
}

/** A deterministic pseudo-random sequence (mulberry32), so every run asks for the same keys. */
function randomSequence(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` applications picked uniformly over the seeded ones: big dealers come
 * up as often as they have applications, as their users would search.
 */
async function keyRows(knex: Knex, schema: string, applications: number, count: number): Promise<KeyRow[]> {
  const random = randomSequence(20261203);
  const ids = Array.from({ length: count }, () => scaleApplicationId(1 + Math.floor(random() * applications)));
  const rows = (await knex.withSchema(schema).table('applications').whereIn('id', ids).select('id', 'dealer_id', 'lender_id', 'external_ref', 'lender_app_no', 'lender_app_id', 'status')) as KeyRow[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)!);
}

const DAY_MS = 86_400_000;

/**
 * Every lookup the issue names, as lendwire's code runs it:
 * - searches: the dealer API list (`lendwire.applications.list`, the same
 *   service as GET /applications), the admin search (`searchApplications`,
 *   the dashboard's search box and filters), the read by our id, and the
 *   callback review queue (`lendwire.callbacks.list`);
 * - callback lookups: `findApplication` as stage 1 (vendor id), stage 2
 *   (Appno), a callback naming our id and an orphan (no match), plus what
 *   processing reads from the raw callbacks (the row, the orphans a link frees).
 */
export async function scaleLookups(lendwire: Lendwire, knex: Knex, schema: string, applications: number, samples: number): Promise<Lookup[]> {
  const keys = await keyRows(knex, schema, applications, samples);
  const key = (i: number) => keys[i % keys.length];
  const withAppNo = keys.filter((k) => k.lender_app_no);
  const withVendorId = keys.filter((k) => k.lender_app_id);
  const withRef = keys.filter((k) => k.external_ref);
  const pick = <T>(list: T[], i: number) => list[i % list.length];
  const statusOf = (i: number) => APPLICATION_STATUSES[i % APPLICATION_STATUSES.length];
  const admin = describeCaller({ userId: 'bench-admin', dealerIds: [], roles: ['admin'] });
  const search = (query: Record<string, unknown>) => searchApplications(knex, schema, admin, parseApplicationSearch(query));
  const dealerApi = (dealerId: string, query: Record<string, string>) => lendwire.applications.list(query, { dealerIds: [dealerId] });
  /** A 90-day window somewhere in the three years, different per sample. */
  const window = (i: number) => {
    const to = Date.now() - ((i * 7919) % 1000) * DAY_MS;
    return { from: new Date(to - 90 * DAY_MS).toISOString(), to: new Date(to).toISOString() };
  };
  const store = new ApplicationStore(knex, schema);
  const raw = new RawCallbackStore(knex, { schema });
  const { max } = (await knex.withSchema(schema).table('raw_callbacks').max({ max: 'id' }).first()) as { max: string };
  const orphans = (await knex.withSchema(schema).table('raw_callbacks').where({ process_status: 'orphaned' }).distinct('lender_id', 'lender_app_no').limit(samples)) as { lender_id: string; lender_app_no: string }[];

  const lookups: Lookup[] = [
    { name: 'read by our id (GET /applications/:id)', kind: 'search', run: (i) => store.findById(key(i).id) },
    { name: 'admin search: our id', kind: 'search', run: (i) => search({ q: key(i).id }) },
    { name: 'admin search: externalRef', kind: 'search', run: (i) => search({ q: pick(withRef, i).external_ref }) },
    { name: 'admin search: Appno', kind: 'search', run: (i) => search({ q: pick(withAppNo, i).lender_app_no }) },
    { name: 'dealer API: externalRef', kind: 'search', run: (i) => dealerApi(pick(withRef, i).dealer_id, { externalRef: pick(withRef, i).external_ref! }) },
    { name: 'dealer API: Appno', kind: 'search', run: (i) => dealerApi(pick(withAppNo, i).dealer_id, { appNo: pick(withAppNo, i).lender_app_no! }) },
    { name: 'dealer API: dealer + status', kind: 'search', run: (i) => dealerApi(key(i).dealer_id, { dealerId: key(i).dealer_id, status: statusOf(i) }) },
    { name: 'admin search: dealer + status + 90 days', kind: 'search', run: (i) => search({ dealerId: key(i).dealer_id, status: statusOf(i), ...window(i) }) },
    {
      name: 'admin search: dealer + 3 statuses + 90 days',
      kind: 'search',
      run: (i) => search({ dealerId: key(i).dealer_id, status: [statusOf(i), statusOf(i + 5), statusOf(i + 11)].join(','), ...window(i) }),
    },
    { name: 'admin search: status + 90 days (every dealer)', kind: 'search', run: (i) => search({ status: statusOf(i), ...window(i) }) },
    { name: 'callback stage 1: by vendor id', kind: 'callback lookup', run: (i) => findApplication(knex, schema, pick(withVendorId, i).lender_id, { lenderAppId: pick(withVendorId, i).lender_app_id! }) },
    { name: 'callback stage 2: by Appno', kind: 'callback lookup', run: (i) => findApplication(knex, schema, pick(withAppNo, i).lender_id, { lenderAppNo: pick(withAppNo, i).lender_app_no! }) },
    { name: 'callback naming our id', kind: 'callback lookup', run: (i) => findApplication(knex, schema, key(i).lender_id, { applicationId: key(i).id }) },
    { name: 'callback for an unknown Appno (orphan)', kind: 'callback lookup', run: (i) => findApplication(knex, schema, key(i).lender_id, { lenderAppNo: `UNKNOWN-${i}` }) },
    { name: 'review queue: unparseable, newest first', kind: 'search', run: (i) => lendwire.callbacks.list(i % 2 ? { limit: 50 } : { limit: 50, lenderId: key(i).lender_id }) },
    { name: 'raw callback by id (processing)', kind: 'callback lookup', run: (i) => raw.load(String(1 + Math.floor(((i * 2654435761) % 4294967296) / 4294967296 * Number(max)))) },
    { name: 'orphans a link frees', kind: 'callback lookup', run: (i) => (orphans.length ? raw.orphanIds(pick(orphans, i).lender_id, pick(orphans, i).lender_app_no) : raw.orphanIds('westlake', `NONE-${i}`)) },
  ];
  return lookups;
}
