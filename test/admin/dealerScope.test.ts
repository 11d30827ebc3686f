import { expect } from 'chai';
import type { Request } from 'express';
import { createHarness, jsonOf, type Harness } from '../support/harness.js';
import { apptrakerAdapter } from '../../adapters/lenders/apptraker/index.js';
import { ADMIN_TEST_USERS, adminManifest, seedApplication, seedDelivery, testSealer, type SeededApplication } from './adminFixtures.js';
import { validApplication } from '../applications/support/fixtures.js';

/** What the host's auth hook answers per bearer token: well-formed, fail-closed and malformed principals, and failures. */
const ANSWERS: Record<string, unknown> = {
  ...ADMIN_TEST_USERS,
  'no-dealers-token': { userId: 'u-nodealers', roles: ['dealer'] },
  'empty-dealers-token': { userId: 'u-empty', roles: ['dealer'], dealerIds: [] },
  'null-dealers-token': { userId: 'u-null', roles: ['dealer'], dealerIds: null },
  'string-dealers-token': { userId: 'u-string', roles: ['dealer'], dealerIds: 'dealer-1' },
  'blank-dealer-token': { userId: 'u-blank', roles: ['dealer'], dealerIds: [''] },
  'nul-dealer-token': { userId: 'u-nul', roles: ['dealer'], dealerIds: ['dealer-1\u0000'] },
  'surrogate-dealer-token': { userId: 'u-surrogate', roles: ['dealer'], dealerIds: ['dealer-\ud800'] },
  'number-dealer-token': { userId: 'u-number', roles: ['dealer'], dealerIds: [1] },
  'unknown-role-token': { userId: 'u-root', roles: ['superuser'], dealerIds: ['dealer-1'] },
  'roles-string-token': { userId: 'u-rs', roles: 'admin', dealerIds: ['dealer-1'] },
  'no-user-token': { roles: ['admin'], dealerIds: ['dealer-1'] },
  'nul-user-token': { userId: 'u\u0000', roles: ['dealer'], dealerIds: ['dealer-1'] },
  'bad-permissions-token': { userId: 'u-perm', roles: ['viewer'], dealerIds: [], permissions: 'pii:reveal' },
  'string-principal-token': 'dealer-1',
  'array-principal-token': [{ userId: 'u', roles: ['admin'] }],
};

const MALFORMED: Record<string, RegExp> = {
  'string-dealers-token': /\/dealerIds must be array/,
  'null-dealers-token': /\/dealerIds must be array/,
  'blank-dealer-token': /\/dealerIds\/0 must NOT have fewer than 1 characters/,
  'nul-dealer-token': /\/dealerIds\/0 must not contain NUL bytes or lone surrogates/,
  'surrogate-dealer-token': /\/dealerIds\/0 must not contain NUL bytes or lone surrogates/,
  'number-dealer-token': /\/dealerIds\/0 must be string/,
  'unknown-role-token': /\/roles\/0 must be one of the known roles/,
  'roles-string-token': /\/roles must be array/,
  'no-user-token': /\/userId is missing/,
  'nul-user-token': /\/userId must not contain NUL bytes or lone surrogates/,
  'bad-permissions-token': /\/permissions must be array/,
  'string-principal-token': /\/ must be object/,
  'array-principal-token': /\/ must be object/,
};

function hostAuth(req: Request): unknown {
  const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
  if (token === 'throws-token-s3cr3t-value') throw new Error(`session store down while checking Bearer ${token}`);
  if (token === 'rejects-token-s3cr3t-value') return Promise.reject(new Error(`timeout verifying ${token}`));
  return token ? (ANSWERS[token] ?? null) : null;
}

describe('dealer scope: one fail-closed rule for every API, and a validated principal', () => {
  let h: Harness;
  let one: SeededApplication;
  let two: SeededApplication;
  let delivery: string;
  const dealerApi = (path: string, token: string, init: RequestInit & { json?: unknown } = {}) => h.request(path, { ...init, token });
  const adminApi = (path: string, token: string) => h.request(`/admin/api${path}`, { token });
  const submission = (dealerId: string) => ({ lenderId: 'westlake', dealerId, application: validApplication() });

  before(async () => {
    h = await createHarness({
      manifest: adminManifest(),
      register: (lw) => lw.registerLenderAdapter(apptrakerAdapter),
      start: false,
      extra: { auth: hostAuth as never },
    });
    const sealer = testSealer();
    one = await seedApplication(h.db.knex, sealer, { dealerId: 'dealer-1' });
    two = await seedApplication(h.db.knex, sealer, { dealerId: 'dealer-2' });
    delivery = await seedDelivery(h.db.knex, two, { status: 'dead_lettered' });
  });
  after(async () => {
    await h?.close();
  });

  for (const token of ['no-dealers-token', 'empty-dealers-token']) {
    it(`${token}: a dealer principal without dealers may submit for no dealer and sees nothing, on both APIs`, async () => {
      const submit = await dealerApi('/applications', token, { method: 'POST', json: submission('dealer-1') });
      expect(submit.status).to.equal(422);
      expect((await jsonOf(submit)).errors).to.deep.include({ path: '/dealerId', message: 'is not a dealer you may submit for' });

      expect((await jsonOf(await dealerApi('/applications', token))).items).to.deep.equal([]);
      expect((await jsonOf(await dealerApi('/applications?dealerId=dealer-1', token))).items).to.deep.equal([]);
      expect((await dealerApi(`/applications/${one.id}`, token)).status).to.equal(404);
      expect((await dealerApi(`/applications/${one.id}/timeline`, token)).status).to.equal(404);

      expect((await jsonOf(await adminApi('/applications', token))).items).to.deep.equal([]);
      expect((await adminApi(`/applications/${two.id}`, token)).status).to.equal(404);
      expect((await adminApi(`/applications/${two.id}/timeline`, token)).status).to.equal(404);
      expect((await jsonOf(await adminApi('/deliveries', token))).items).to.deep.equal([]);
      expect((await jsonOf(await adminApi('/dead-letters', token))).items).to.deep.equal([]);
      expect((await adminApi(`/deliveries/${delivery}`, token)).status).to.equal(404);
      // The dashboard reads its scope from /me.
      expect((await jsonOf(await adminApi('/me', token))).dealerIds).to.deep.equal([]);
    });
  }

  it('the dealer API and the admin API answer the same dealers for every kind of caller', async () => {
    const dealersOf = async (res: Response) => [...new Set(((await jsonOf(res)).items as { dealerId: string }[]).map((i) => i.dealerId))].sort();
    for (const [token, expected] of [
      ['dealer1-token', ['dealer-1']],
      ['dealer2-token', ['dealer-2']],
      ['admin-token', ['dealer-1', 'dealer-2']],
      ['viewer-token', ['dealer-1', 'dealer-2']],
      ['auditor-token', ['dealer-1', 'dealer-2']],
    ] as const) {
      expect(await dealersOf(await dealerApi('/applications', token)), `dealer API, ${token}`).to.deep.equal(expected);
      expect(await dealersOf(await adminApi('/applications', token)), `admin API, ${token}`).to.deep.equal(expected);
    }
    expect((await dealerApi(`/applications/${two.id}`, 'dealer1-token')).status).to.equal(404);
    expect((await adminApi(`/applications/${two.id}`, 'dealer1-token')).status).to.equal(404);
    expect((await adminApi(`/deliveries/${delivery}`, 'dealer1-token')).status).to.equal(404);
    expect((await adminApi(`/deliveries/${delivery}`, 'dealer2-token')).status).to.equal(200);
  });

  it('refuses a malformed principal with 403 problem+json on every API, and logs what was wrong without the token', async () => {
    for (const [token, problem] of Object.entries(MALFORMED)) {
      for (const res of [
        await dealerApi('/applications', token, { method: 'POST', json: submission('dealer-1') }),
        await dealerApi('/applications', token),
        await dealerApi(`/applications/${one.id}`, token),
        await adminApi('/applications', token),
        await adminApi('/deliveries', token),
      ]) {
        expect(res.status, `${token} ${res.url}`).to.equal(403);
        expect(res.headers.get('content-type')).to.match(/application\/problem\+json/);
        expect((await jsonOf(res)).detail).to.match(/malformed principal/);
      }
      const lines = h.logs().split('\n').filter((l) => l.includes('malformed principal') && problem.test(l));
      expect(lines.length, `log line for ${token}`).to.be.greaterThan(0);
    }
    // Nothing was stored for any of them.
    expect(await h.db.knex.withSchema('lendwire').table('applications').pluck('id')).to.have.members([one.id, two.id]);
    for (const token of Object.keys(MALFORMED)) expect(h.logs()).not.to.include(token);
  });

  it('answers 503 problem+json when the auth hook throws or rejects, and never logs the token', async () => {
    for (const token of ['throws-token-s3cr3t-value', 'rejects-token-s3cr3t-value']) {
      for (const res of [await dealerApi('/applications', token), await dealerApi('/applications', token, { method: 'POST', json: submission('dealer-1') }), await adminApi('/applications', token)]) {
        expect(res.status, token).to.equal(503);
        expect(res.headers.get('content-type')).to.match(/application\/problem\+json/);
        expect((await jsonOf(res)).detail).to.match(/Authentication is unavailable/);
      }
    }
    expect(h.logs()).to.match(/auth hook failed/);
    expect(h.logs()).to.include('session store down');
    expect(h.logs()).not.to.include('s3cr3t');
  });
});
