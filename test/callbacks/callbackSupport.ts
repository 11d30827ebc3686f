import { SHARED_FIXTURES } from '../support/sharedFixtures.js';
import { readFileSync } from 'node:fs';
import { ulid } from 'ulid';
import { registerBuiltInAdapters } from '../../adapters/index.js';
import { hmacSha256Hex } from '../../plugin/index.js';
import { createHarness, type Harness, type HarnessOptions } from '../support/harness.js';
import { waitFor } from '../support/waitFor.js';
import { applyReplacements } from '../support/applyReplacements.js';
import { testManifest } from '../support/testManifest.js';

export const SCHEMA = 'lendwire';
export const FIXTURES = SHARED_FIXTURES;
export const WESTLAKE_KEY = 'wl-callback-key-7f3e9a';
export const EASTBANK_KEY = 'eb-callback-key-2c8d41';
export const SELECTED_SESSION = '8a4f6c2e-1b7d-4e0a-9c3f-5d2e8b1a0d9c';
export const BROKER_SECRET = readFileSync(`${FIXTURES}/broker/SECRET`, 'utf8').trim();

process.env.LW_TEST_WESTLAKE_CALLBACK_KEY = WESTLAKE_KEY;
process.env.LW_TEST_EASTBANK_CALLBACK_KEY = EASTBANK_KEY;

/** westlake and eastbank (appTRAKER, each its own key), a disabled lender, a small-body lender, and the broker. */
export function callbackManifest(extraLenders: Record<string, unknown>[] = []): Record<string, unknown> {
  return testManifest({
    lenders: [
      { id: 'westlake', adapter: 'apptraker', callbacks: { apiKey: { env: 'LW_TEST_WESTLAKE_CALLBACK_KEY' } } },
      { id: 'eastbank', adapter: 'apptraker', callbacks: { apiKey: { env: 'LW_TEST_EASTBANK_CALLBACK_KEY' } } },
      { id: 'dormant', adapter: 'apptraker', enabled: false, callbacks: { apiKey: { env: 'LW_TEST_WESTLAKE_CALLBACK_KEY' } } },
      { id: 'tiny', adapter: 'apptraker', callbacks: { apiKey: { env: 'LW_TEST_WESTLAKE_CALLBACK_KEY' }, maxBodyBytes: 2048 } },
      { id: 'sunhaven', adapter: 'broker', name: 'Sunhaven Solar', callbacks: { secret: { file: `${FIXTURES}/broker/SECRET` } } },
      ...extraLenders,
    ],
  });
}

export function callbackHarness(options: HarnessOptions = {}): Promise<Harness> {
  return createHarness({
    manifest: callbackManifest(),
    ...options,
    register: (lw) => {
      registerBuiltInAdapters(lw);
      options.register?.(lw);
    },
  });
}

export function fixture(name: string): string {
  return readFileSync(`${FIXTURES}/apptraker/${name}`, 'utf8');
}

export function brokerFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`${FIXTURES}/broker/${name}`, 'utf8')) as Record<string, unknown>;
}

/** Inserts an application as the submission flow would have left it (status `submitted`, vendor id known). */
export async function insertApplication(
  h: Harness,
  values: { lenderId?: string; lenderAppId?: string | null; lenderAppNo?: string | null; status?: string; dealerId?: string } = {},
): Promise<string> {
  const id = `app_${ulid()}`;
  await h.db.knex
    .withSchema(SCHEMA)
    .table('applications')
    .insert({
      id,
      dealer_id: values.dealerId ?? 'dealer-1',
      lender_id: values.lenderId ?? 'westlake',
      status: values.status ?? 'submitted',
      lender_app_id: values.lenderAppId === undefined ? 'AT-7Q2K9W' : values.lenderAppId,
      lender_app_no: values.lenderAppNo ?? null,
      application: '{}',
    });
  return id;
}

export function postApptraker(h: Harness, lenderId: string, body: string | Buffer, options: { key?: string | null; contentType?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json' };
  const key = options.key === undefined ? (lenderId === 'eastbank' ? EASTBANK_KEY : WESTLAKE_KEY) : options.key;
  if (key !== null) headers['x-api-key'] = key;
  return fetch(`${h.url}/callbacks/${lenderId}`, { method: 'POST', headers, body });
}

/** Sends a broker webhook the way the broker does: fresh deliveredAt, signature over the exact bytes. */
export function postBroker(
  h: Harness,
  payload: Record<string, unknown>,
  options: { deliveredAt?: string | null; signature?: string | null; lenderId?: string } = {},
): Promise<Response> {
  const body = { ...payload };
  if (options.deliveredAt !== null) body.deliveredAt = options.deliveredAt ?? new Date().toISOString();
  else delete body.deliveredAt;
  const text = JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const signature = options.signature === undefined ? hmacSha256Hex(BROKER_SECRET, text) : options.signature;
  if (signature !== null) headers['x-broker-signature'] = signature;
  return fetch(`${h.url}/callbacks/${options.lenderId ?? 'sunhaven'}`, { method: 'POST', headers, body: text });
}

export interface RawRow {
  id: string;
  lender_id: string;
  parse_status: string | null;
  parse_reason: string | null;
  process_status: string;
  process_detail: string | null;
  application_id: string | null;
  lender_app_no: string | null;
  body: Buffer;
  headers: Record<string, string>;
  content_type: string | null;
  source_ip: string | null;
  process_count: number;
}

export function rawRow(h: Harness, id: string): Promise<RawRow | undefined> {
  return h.db.knex.withSchema(SCHEMA).table('raw_callbacks').where({ id }).first();
}

/** Waits until the worker has processed a stored callback (it is no longer `pending`). */
export function processed(h: Harness, id: string): Promise<RawRow> {
  return waitFor(async () => {
    const row = await rawRow(h, id);
    return row && row.process_status !== 'pending' ? row : undefined;
  }, 10_000, `callback ${id} to be processed`);
}

/** Waits until a stored callback is processed and not parked as an orphan any more. */
export function settled(h: Harness, id: string): Promise<RawRow> {
  return waitFor(async () => {
    const row = await rawRow(h, id);
    return row && row.process_status !== 'pending' && row.process_status !== 'orphaned' ? row : undefined;
  }, 10_000, `callback ${id} to be settled`);
}

/** Posts and waits for processing; returns the processed raw row. */
export async function deliver(h: Harness, lenderId: string, body: string | Buffer): Promise<RawRow> {
  const res = await postApptraker(h, lenderId, body);
  if (res.status !== 200) throw new Error(`callback answered ${res.status}: ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  return processed(h, id);
}

export function application(h: Harness, id: string) {
  return h.db.knex.withSchema(SCHEMA).table('applications').where({ id }).first();
}

export function outboxOf(h: Harness, applicationId: string, type?: string): Promise<{ type: string; payload: Record<string, unknown> }[]> {
  const q = h.db.knex.withSchema(SCHEMA).table('outbox').where({ application_id: applicationId }).orderBy('id');
  if (type) q.where({ type });
  return q.select('type', 'payload');
}

export function transitionsOf(h: Harness, applicationId: string): Promise<{ from_status: string | null; to_status: string; raw_callback_id: string | null }[]> {
  return h.db.knex.withSchema(SCHEMA).table('application_transitions').where({ application_id: applicationId }).orderBy('id').select('from_status', 'to_status', 'raw_callback_id');
}

/** A stage-2 appTRAKER callback without a vendor timestamp: arrival order alone says which is newer. */
export function apptrakerDecision(appNo: string, apr: number): string {
  return JSON.stringify({ Application: { Appno: appNo, DecisionStatus: 'Conditioned', FundingStatus: 'Undefined', DecisionLoanStructure: { Apr: apr, Term: 72 } } });
}

/** The fixture sequence 01..06 with another vendor id / application number (for independent applications). */
export function renumbered(text: string, appId: string, appNo: string): string {
  return applyReplacements(text, renumbering(appId, appNo));
}

/** What `renumbered` replaces in a fixture, as [from, to] pairs (the bench peer applies them itself). */
export function renumbering(appId: string, appNo: string): [string, string][] {
  return [
    ['AT-7Q2K9W', appId],
    ['1048576', appNo],
  ];
}

/** The callback-fed business state of an application (what a dealer sees), for comparing runs. */
export async function businessState(h: Harness, id: string): Promise<Record<string, unknown>> {
  const a = await application(h, id);
  return {
    status: a.status,
    lender_status: a.lender_status,
    decision: a.decision,
    stipulations: a.stipulations,
    booked: a.booked,
    decline: a.decline,
    adverse_action_due_at: a.adverse_action_due_at,
    vendor_updated_at: a.vendor_updated_at,
  };
}

/** A local port nothing listens on: connecting is refused at once, like a stopped server. */
export { unusedPort as closedPort } from '../support/unusedPort.js';
