import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { registerBuiltInAdapters } from '../../adapters/index.js';
import { hmacSha256Hex } from '../../plugin/index.js';
import { applicationManifest, liveSubmitBody } from '../applications/support/fixtures.js';
import { BROKER_SECRET, FIXTURES, SELECTED_SESSION, WESTLAKE_KEY, insertApplication } from '../callbacks/callbackSupport.js';
import { createHarness, type Harness } from '../support/harness.js';
import { SeededRandom, fuzzSeed } from '../support/seededRandom.js';
import { waitFor } from '../support/waitFor.js';
import { CONTENT_TYPES, bodyBytes, mutateJson, urlPiece } from './fuzzMutations.js';

/** One generated request, described well enough to be read in a failure message. */
interface FuzzInput {
  surface: 'dealer' | 'apptraker' | 'broker' | 'admin';
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

const TOTAL = { dealerPost: 1400, dealerGet: 700, apptraker: 1300, broker: 500, admin: 1100 };
const CONCURRENCY = 8;

const APPTRAKER_FIXTURES = ['01-stage1-processed.json', '02-decision-conditioned.json', '03-verification.json', '04-booked.json', '05-funded.json', '06-late-decision-after-funded.json', '09-declined.json'].map(
  (name) => JSON.parse(readFileSync(`${FIXTURES}/apptraker/${name}`, 'utf8')) as unknown,
);
const BROKER_FIXTURES = ['case_outcome.selected.json', 'case_outcome.declined.json', 'case_outcome.withdrawn.json', 'customer_link_ready.json'].map(
  (name) => JSON.parse(readFileSync(`${FIXTURES}/broker/${name}`, 'utf8')) as Record<string, unknown>,
);
const QUERY_NAMES = ['dealerId', 'status', 'externalRef', 'appNo', 'limit', 'cursor', 'lenderId', 'since', 'until', 'targetId', 'actor', 'parseStatus', 'q'];
const ADMIN_ID_ROUTES = ['/admin/api/applications/{}', '/admin/api/applications/{}/timeline', '/admin/api/deliveries/{}', '/admin/api/subscriptions/{}', '/admin/api/callbacks/{}'];
const ADMIN_LIST_ROUTES = ['/admin/api/applications', '/admin/api/deliveries', '/admin/api/dead-letters', '/admin/api/audit', '/admin/api/callbacks', '/admin/api/subscriptions', '/admin/api/overview'];
const ADMIN_BODY_ROUTES: [string, string, unknown][] = [
  ['POST', '/admin/api/deliveries/replay', { targetId: 'sample-receiver', since: '2026-01-01T00:00:00Z' }],
  ['POST', '/admin/api/deliveries/replay', { deliveryIds: ['dlv_1', 'dlv_2'] }],
  ['POST', '/admin/api/callbacks/reprocess', { lenderId: 'westlake', since: '2026-01-01T00:00:00Z' }],
  ['POST', '/admin/api/subscriptions', { id: 'fuzz-sub', url: 'https://127.0.0.1:9/hook', events: ['endpoint.disabled'] }],
  ['PATCH', '/admin/api/subscriptions/fuzz-sub', { events: ['endpoint.disabled'], timeoutMs: 1000 }],
  ['POST', '/admin/api/subscriptions/fuzz-sub/disable', { reason: 'fuzz' }],
  ['POST', '/admin/api/applications/{}/reveal-pii', { reason: 'fuzz' }],
  ['POST', '/admin/api/applications/{}/review', { resolution: 'failed', reason: 'fuzz' }],
];

function query(r: SeededRandom): string {
  const parts = Array.from({ length: r.int(1, 3) }, () => `${r.chance(0.15) ? urlPiece(r) : r.pick(QUERY_NAMES)}=${urlPiece(r)}`);
  return `?${parts.join('&')}`;
}

/** Header values must be ByteStrings without CR, LF or NUL (HTTP itself cannot carry more). */
function headerText(r: SeededRandom): string {
  return r.pick(['key-1', 'x'.repeat(300), '', ' ', 'ÿþ', 'a b', r.bytes(12).toString('hex'), '\u00e9\u00ff', '%00']);
}

function jsonRequest(r: SeededRandom, doc: unknown): { body: Buffer; headers: Record<string, string> } {
  const body = bodyBytes(r, r.chance(0.85) ? mutateJson(r, doc) : doc);
  return { body, headers: { 'content-type': r.pick(CONTENT_TYPES) } };
}

function generate(r: SeededRandom, appIds: string[]): FuzzInput[] {
  const inputs: FuzzInput[] = [];
  const id = () => (r.chance(0.2) ? r.pick(appIds) : urlPiece(r));
  for (let i = 0; i < TOTAL.dealerPost; i++) {
    const { body, headers } = jsonRequest(r, liveSubmitBody());
    if (r.chance(0.3)) headers['idempotency-key'] = headerText(r);
    headers.authorization = `Bearer ${r.pick(['dealer1-token', 'admin-token', 'viewer-token'])}`;
    inputs.push({ surface: 'dealer', method: 'POST', path: '/applications', headers, body });
  }
  for (let i = 0; i < TOTAL.dealerGet; i++) {
    const path = r.pick([`/applications/${id()}`, `/applications/${id()}/timeline`, `/applications${query(r)}`]);
    inputs.push({ surface: 'dealer', method: 'GET', path, headers: { authorization: 'Bearer dealer1-token' } });
  }
  for (let i = 0; i < TOTAL.apptraker; i++) {
    const { body, headers } = jsonRequest(r, r.pick(APPTRAKER_FIXTURES));
    headers['x-api-key'] = r.chance(0.95) ? WESTLAKE_KEY : headerText(r);
    const lender = r.chance(0.95) ? 'westlake' : urlPiece(r);
    inputs.push({ surface: 'apptraker', method: 'POST', path: `/callbacks/${lender}`, headers, body });
  }
  for (let i = 0; i < TOTAL.broker; i++) {
    const doc = structuredClone(r.pick(BROKER_FIXTURES));
    doc.sessionId = SELECTED_SESSION;
    doc.delivery = { id: `wh_fuzz_${i}`, attempt: 1 };
    const mutated = (r.chance(0.85) ? mutateJson(r, doc) : doc) as Record<string, unknown>;
    // A fresh delivery time most of the time, so the mutation (not the replay window) decides the answer.
    if (typeof mutated === 'object' && mutated !== null && !Array.isArray(mutated) && r.chance(0.9)) mutated.deliveredAt = new Date().toISOString();
    const body = bodyBytes(r, mutated);
    const headers: Record<string, string> = { 'content-type': r.pick(CONTENT_TYPES), 'x-broker-signature': r.chance(0.95) ? hmacSha256Hex(BROKER_SECRET, body) : headerText(r) };
    inputs.push({ surface: 'broker', method: 'POST', path: '/callbacks/sunhaven', headers, body });
  }
  for (let i = 0; i < TOTAL.admin; i++) {
    const token = `Bearer ${r.pick(['admin-token', 'operator-token', 'viewer-token', 'dealer1-token'])}`;
    const kind = r.int(0, 2);
    if (kind === 0) inputs.push({ surface: 'admin', method: r.pick(['GET', 'GET', 'POST']), path: r.pick(ADMIN_ID_ROUTES).replace('{}', id()), headers: { authorization: token } });
    else if (kind === 1) inputs.push({ surface: 'admin', method: 'GET', path: r.pick(ADMIN_LIST_ROUTES) + query(r), headers: { authorization: token } });
    else {
      const [method, route, doc] = r.pick(ADMIN_BODY_ROUTES);
      const { body, headers } = jsonRequest(r, doc);
      inputs.push({ surface: 'admin', method, path: route.replace('{}', id()), headers: { ...headers, authorization: token }, body });
    }
  }
  // Interleave the surfaces so callbacks are processed while the other APIs are being hit.
  for (let i = inputs.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [inputs[i], inputs[j]] = [inputs[j], inputs[i]];
  }
  return inputs;
}

function describeInput(input: FuzzInput): string {
  const body = input.body ? ` body(${input.body.length} B)=${JSON.stringify(input.body.subarray(0, 160).toString('latin1'))}` : '';
  return `${input.method} ${input.path.slice(0, 200)} ${JSON.stringify({ ...input.headers, authorization: undefined, 'x-api-key': undefined })}${body}`;
}

/** An appTRAKER-compatible submission endpoint on 127.0.0.1, so the few valid applications can be submitted. */
async function startLenderStub(): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ AppId: `AT-FZ${Math.floor(Math.random() * 1e9)}`, Status: 'RECEIVED' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

describe('fuzzed input on every surface (seeded; LENDWIRE_FUZZ_SEED=<seed> replays a run)', function () {
  this.timeout(180_000);
  const seed = fuzzSeed();
  let h: Harness;
  let lender: Server;

  before(async () => {
    lender = await startLenderStub();
    const manifest = applicationManifest({ url: `http://127.0.0.1:${(lender.address() as AddressInfo).port}/api/applications`, perDealerPerHour: 100_000 });
    const lenders = manifest.lenders as Record<string, unknown>[];
    lenders[0].callbacks = { apiKey: { env: 'LW_TEST_WESTLAKE_CALLBACK_KEY' } };
    lenders.push({ id: 'sunhaven', adapter: 'broker', name: 'Sunhaven Solar', callbacks: { secret: { file: `${FIXTURES}/broker/SECRET` } } });
    // Errors only: 5,000 requests' debug lines would cost more than the requests (the assertions are on answers and rows).
    h = await createHarness({ manifest, register: registerBuiltInAdapters, extra: { logger: pino({ level: 'error' }, new Writable({ write: (_c, _e, cb) => cb() })) } });
  });
  after(async () => {
    await h?.close();
    await new Promise<void>((resolve) => lender?.close(() => resolve()));
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(`\n  fuzz seed: ${seed} (replay with LENDWIRE_FUZZ_SEED=${seed} npx mocha test/input/fuzz.test.ts)\n`);
  });

  it(`answers ${Object.values(TOTAL).reduce((a, b) => a + b)} hostile requests with no 5xx but 503, problem+json for every error, and leaves no callback stuck`, async () => {
    const r = new SeededRandom(seed);
    const appIds = [await insertApplication(h, { lenderAppId: 'AT-7Q2K9W' }), await insertApplication(h, { lenderId: 'sunhaven', lenderAppId: SELECTED_SESSION })];
    const inputs = generate(r, appIds);
    expect(inputs.length).to.be.at.least(5000);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < inputs.length) {
        const input = inputs[next++];
        let status: number;
        let contentType: string | null;
        let text: string;
        try {
          const res = await fetch(h.url + input.path, { method: input.method, headers: input.headers, body: input.body });
          status = res.status;
          contentType = res.headers.get('content-type');
          text = await res.text();
        } catch (err) {
          failures.push(`no answer (${(err as Error).message}; ${String((err as Error).cause ?? '')}): ${describeInput(input)}`);
          continue;
        }
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status >= 500 && status !== 503) failures.push(`${status} ${text.slice(0, 200)}: ${describeInput(input)}`);
        else if (status >= 400) {
          const problem = /^application\/problem\+json/.test(contentType ?? '') ? (JSON.parse(text) as { status?: unknown; type?: unknown }) : undefined;
          if (!problem || problem.status !== status || typeof problem.type !== 'string') failures.push(`${status} not problem+json (${contentType}): ${describeInput(input)}`);
        }
      }
    };
    const sendStarted = Date.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    // LENDWIRE_FUZZ_VERBOSE=1 shows how long the run took and the answers by status.
    if (process.env.LENDWIRE_FUZZ_VERBOSE) console.log(`sent in ${Date.now() - sendStarted} ms`, JSON.stringify([...statuses].sort()));
    // Compared as a count so mocha prints the ten examples, not a diff of thousands of lines.
    expect(failures.length, `seed ${seed}: ${failures.length} bad answers, e.g.\n${failures.slice(0, 10).join('\n')}\n`).to.equal(0);
    // Both answer kinds really happened: the fuzz reached handlers, not only the front door.
    expect([...statuses.keys()].some((s) => s < 300), `seed ${seed}: no request succeeded (${JSON.stringify([...statuses])})`).to.equal(true);

    // Every stored callback ends processed, parked as an orphan, or in review: none stays pending.
    const knex = h.db.knex.withSchema('lendwire');
    await waitFor(
      async () => Number((await knex.clone().table('raw_callbacks').where({ process_status: 'pending' }).count({ n: '*' }))[0].n) === 0,
      45_000,
      `seed ${seed}: every stored callback to leave pending`,
    );
    if (process.env.LENDWIRE_FUZZ_VERBOSE) console.log(`settled after ${Date.now() - sendStarted} ms`);
    const stored = Number((await h.db.knex.withSchema('lendwire').table('raw_callbacks').count({ n: '*' }))[0].n);
    expect(stored, `seed ${seed}: callbacks were stored`).to.be.greaterThan(100);
  });
});
