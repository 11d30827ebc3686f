import { expect } from 'chai';
import { createApplicationHarness } from '../support/applicationHarness.js';
import { jsonOf, type Harness } from '../support/harness.js';
import { submitBody, validApplication } from '../applications/support/fixtures.js';

const PROBLEM = /^application\/problem\+json/;

/** Path ids that can never exist: NUL, a UTF-8-encoded lone surrogate (URIError in decodeURIComponent), a truncated escape. */
const BAD_IDS = ['abc%00', '%00', '%ED%A0%80', '%C0', 'x%E2%82'];

const ID_ROUTES: [string, (id: string) => string][] = [
  ['GET', (id) => `/applications/${id}`],
  ['GET', (id) => `/applications/${id}/timeline`],
  ['GET', (id) => `/admin/api/applications/${id}`],
  ['GET', (id) => `/admin/api/applications/${id}/timeline`],
  ['GET', (id) => `/admin/api/deliveries/${id}`],
  ['GET', (id) => `/admin/api/subscriptions/${id}`],
  ['GET', (id) => `/admin/api/callbacks/${id}`],
  ['POST', (id) => `/admin/api/deliveries/${id}/replay`],
  ['POST', (id) => `/admin/api/callbacks/${id}/reprocess`],
  ['POST', (id) => `/admin/api/events/${id}/resend`],
  ['POST', (id) => `/admin/api/subscriptions/${id}/enable`],
  ['POST', (id) => `/admin/api/crm-targets/${id}/resume`],
  ['GET', (id) => `/admin/assets/${id}`],
];

const QUERY_ROUTES = ['/applications', '/admin/api/applications', '/admin/api/deliveries', '/admin/api/dead-letters', '/admin/api/audit', '/admin/api/callbacks', '/admin/api/subscriptions'];

/** Every route that reads a JSON body. */
const BODY_ROUTES: [string, string][] = [
  ['POST', '/applications'],
  ['POST', '/admin/api/deliveries/replay'],
  ['POST', '/admin/api/callbacks/reprocess'],
  ['POST', '/admin/api/applications/app_x/reveal-pii'],
  ['POST', '/admin/api/applications/app_x/review'],
  ['POST', '/admin/api/subscriptions'],
  ['PATCH', '/admin/api/subscriptions/sub_x'],
  ['POST', '/admin/api/subscriptions/sub_x/disable'],
];

async function expectProblem(res: Response, status: number): Promise<{ errors?: { path: string; message: string }[]; detail?: string }> {
  const text = await res.text();
  expect(res.status, `${res.url} -> ${res.status} ${text.slice(0, 300)}`).to.equal(status);
  expect(res.headers.get('content-type')).to.match(PROBLEM);
  return JSON.parse(text) as { errors?: { path: string; message: string }[] };
}

describe('hostile input on the dealer and admin APIs (NUL, lone surrogates, deep nesting, huge bodies)', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await createApplicationHarness({ start: false });
  });
  after(async () => {
    await h.close();
  });

  const applicationCount = async () => Number((await h.db.knex.withSchema('lendwire').table('applications').count({ n: '*' }))[0].n);

  it('answers 404 problem+json for path ids that cannot exist, on every router', async () => {
    for (const [method, path] of ID_ROUTES) {
      for (const id of BAD_IDS) await expectProblem(await h.request(path(id), { method, token: 'admin-token' }), 404);
    }
  });

  it('answers 422 naming the parameter for query text Postgres cannot store', async () => {
    for (const route of QUERY_ROUTES) {
      for (const name of ['lenderId', 'dealerId', 'externalRef', 'appNo', 'actor', 'targetId', 'q']) {
        const problem = await expectProblem(await h.request(`${route}?${name}=a%00b`, { token: 'admin-token' }), 422);
        expect(problem.errors).to.deep.include({ path: `/${name}`, message: 'must not contain NUL characters (\\u0000)' });
      }
    }
  });

  it('answers 422 naming /status for a status list with NUL, undecodable bytes or a repeated parameter; a list naming statuses many times is one search', async () => {
    for (const query of ['status=funded,a%00b', 'status=%ED%A0%80', 'status=funded,%C0', 'status=funded&status=declined']) {
      const problem = await expectProblem(await h.request(`/admin/api/applications?${query}`, { token: 'admin-token' }), 422);
      expect(problem.errors?.map((e) => e.path), query).to.deep.equal(['/status']);
    }
    // Up to the 2,000 characters a list may have: 220 names, two statuses among them (one branch each; test/admin/scale.test.ts checks the rows).
    const names = Array.from({ length: 220 }, (_, i) => (i % 2 ? 'funded' : 'declined')).join(',');
    const res = await h.request(`/admin/api/applications?status=${names}`, { token: 'admin-token' });
    expect(res.status).to.equal(200);
    expect(await jsonOf(res)).to.deep.equal({ items: [], nextCursor: null });
  });

  it('refuses a forged keyset cursor whose id holds NUL (it would reach Postgres)', async () => {
    const cursor = Buffer.from(JSON.stringify(['2026-11-23T12:00:00.000000Z', 'app\u0000x'])).toString('base64url');
    const problem = await expectProblem(await h.request(`/applications?cursor=${cursor}`, { token: 'admin-token' }), 422);
    expect(problem.errors).to.deep.include({ path: '/cursor', message: 'is not a cursor this API returned' });
  });

  it('answers 422 with the JSON path for NUL or a lone surrogate anywhere in a body, and stores nothing', async () => {
    const withNulName = submitBody();
    (withNulName.application as { applicant: Record<string, unknown> }).applicant.firstName = 'Ja\u0000ne';
    const withSurrogateTrim = submitBody({ externalRef: 'deal\u0000x' });
    (withSurrogateTrim.application as { vehicle: Record<string, unknown> }).vehicle.trim = 'LX \ud800';
    let problem = await expectProblem(await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: withNulName }), 422);
    expect(problem.errors).to.deep.equal([{ path: '/application/applicant/firstName', message: 'must not contain NUL characters (\\u0000)' }]);
    problem = await expectProblem(await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: withSurrogateTrim }), 422);
    expect(problem.errors).to.have.deep.members([
      { path: '/externalRef', message: 'must not contain NUL characters (\\u0000)' },
      { path: '/application/vehicle/trim', message: 'must not contain unpaired UTF-16 surrogates (e.g. \\ud800)' },
    ]);
    // A bad key is named too (JSON Pointer escaping keeps the path readable).
    problem = await expectProblem(await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: { ...submitBody(), 'a/\udc00': 1 } }), 422);
    expect(problem.errors?.[0].path).to.equal('/a~1\udc00');
    expect(await applicationCount()).to.equal(0);
  });

  it('checks admin bodies the same way', async () => {
    const problem = await expectProblem(
      await h.request('/admin/api/subscriptions', { method: 'POST', token: 'admin-token', json: { id: 'sub\u0000', url: 'https://example.com/hook', events: ['application.*'] } }),
      422,
    );
    expect(problem.errors).to.deep.include({ path: '/id', message: 'must not contain NUL characters (\\u0000)' });
  });

  it('answers 400 for JSON nested deeper than the documented 32 levels (20,000 levels used to overflow the stack)', async () => {
    const deepObject = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
    const deepArray = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
    for (const [method, path] of BODY_ROUTES) {
      // 20,000 levels on the dealer route; admin routes take at most 16 KiB, so 2,000 levels there.
      const levels = path === '/applications' ? 20_000 : 2_000;
      for (const body of [deepObject(levels), deepArray(levels)]) {
        const problem = await expectProblem(await h.request(path, { method, token: 'admin-token', headers: { 'content-type': 'application/json' }, body }), 400);
        expect(problem.detail).to.equal('The request body is nested deeper than 32 levels');
      }
    }
    // 32 levels are fine as far as nesting goes (the body is then refused for what it says, not for its shape).
    const ok = { ...submitBody(), application: validApplication(), extra: JSON.parse('{"a":'.repeat(30) + '1' + '}'.repeat(30)) };
    const problem = await expectProblem(await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: ok }), 422);
    expect(problem.errors).to.deep.equal([{ path: '/extra', message: 'is not a known field' }]);
  });

  it('answers 413 problem+json for a 12 MB body on every body-taking route', async () => {
    const huge = JSON.stringify({ pad: 'x'.repeat(12 * 1024 * 1024) });
    for (const [method, path] of [...BODY_ROUTES, ['POST', '/callbacks/westlake'] as [string, string]]) {
      const started = Date.now();
      await expectProblem(await h.request(path, { method, token: 'admin-token', headers: { 'content-type': 'application/json' }, body: huge }), 413);
      expect(Date.now() - started, `${method} ${path} answered`).to.be.below(20_000);
    }
  });

  it('still serves good requests after all that', async () => {
    const res = await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: submitBody() });
    expect(res.status).to.equal(202);
    expect((await jsonOf(res)).status).to.equal('queued');
  });
});
