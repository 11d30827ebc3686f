import { expect } from 'chai';
import { apptrakerCallbacks } from '../../adapters/lenders/apptraker/callbacks/index.js';
import { NotFoundError, type LenderAdapter } from '../../plugin/index.js';
import type { Harness } from '../support/harness.js';
import { SCHEMA, application, callbackManifest, deliver, insertApplication, outboxOf } from './callbackSupport.js';
import { createHarness } from '../support/harness.js';
import { registerBuiltInAdapters } from '../../adapters/index.js';

/**
 * A lender whose vendor started sending a new envelope (`{ "Case": {...} }`) the
 * parser does not know yet; `fixed` simulates deploying the parser fix.
 */
let fixed = false;
const evolving: LenderAdapter = {
  id: 'evolving-apptraker',
  callbacks: {
    authenticate: apptrakerCallbacks.authenticate,
    parse(callback, lender, ctx) {
      if (!fixed) return apptrakerCallbacks.parse(callback, lender, ctx);
      const text = callback.body.toString('utf8').replace(/^\s*\{\s*"Case"/, '{ "Application"');
      return apptrakerCallbacks.parse({ ...callback, body: Buffer.from(text) }, lender, ctx);
    },
  },
};

describe('review and replay of stored callbacks', function () {
  let h: Harness;
  let appId: string;
  let unparseableId: string;
  const startedAt = new Date(Date.now() - 1000);

  before(async () => {
    h = await createHarness({
      manifest: callbackManifest([{ id: 'novus', adapter: 'evolving-apptraker', callbacks: { apiKey: { env: 'LW_TEST_WESTLAKE_CALLBACK_KEY' } } }]),
      register: (lw) => {
        registerBuiltInAdapters(lw);
        lw.registerLenderAdapter(evolving);
      },
    });
    appId = await insertApplication(h, { lenderId: 'novus', lenderAppId: 'NV-1' });
    await deliver(h, 'novus', JSON.stringify({ Status: 'PROCESSED', AppId: 'NV-1', Appno: 42 }));
    const row = await deliver(h, 'novus', JSON.stringify({ Case: { Appno: 42, DecisionStatus: 'Approved', UpdatedAt: '2026-11-20T10:00:00Z', DecisionLoanStructure: { Term: 60 } } }));
    unparseableId = row.id;
  });
  after(async () => {
    await h.close();
  });

  it('lists unparseable callbacks for review, with the reason and a preview of the body', async () => {
    const list = await h.lendwire.callbacks.list({ lenderId: 'novus' });
    expect(list).to.have.length(1);
    expect(list[0]).to.include({ id: unparseableId, lenderId: 'novus', parseStatus: 'unparseable', processStatus: 'review' });
    expect(list[0].parseReason).to.match(/neither a stage-1/);
    expect(list[0].bodyPreview).to.include('"Case"');
    expect((await application(h, appId)).status).to.equal('received');
    const ops = await h.db.knex.withSchema(SCHEMA).table('outbox').where({ type: 'callback.unparseable' });
    expect(ops).to.have.length(1);
  });

  it('re-processes one stored callback after the parser fix, records the outcome and applies it', async () => {
    fixed = true;
    const outcome = await h.lendwire.callbacks.reprocess(unparseableId, { actor: 'u-operator' });
    expect(outcome).to.include({ id: unparseableId, parseStatus: 'parsed', processStatus: 'applied', applicationId: appId, processCount: 2 });
    const app = await application(h, appId);
    expect(app.status).to.equal('approved');
    expect(app.decision).to.deep.equal({ term: 60 });
    const audit = await h.db.knex.withSchema(SCHEMA).table('audit_log').where({ action: 'callback.reprocess', target_id: unparseableId });
    expect(audit).to.have.length(1);
    expect(audit[0].actor).to.equal('u-operator');
    expect(audit[0].details.before).to.deep.equal({ parseStatus: 'unparseable', processStatus: 'review' });
    expect(await h.lendwire.callbacks.list({ lenderId: 'novus' })).to.have.length(0);
  });

  it('is idempotent: re-processing again, or everything of the lender since a time, changes and emits nothing', async () => {
    const events = (await outboxOf(h, appId)).length;
    const version = (await application(h, appId)).version;
    const again = await h.lendwire.callbacks.reprocess(unparseableId);
    expect(again.processStatus).to.equal('unchanged');
    const all = await h.lendwire.callbacks.reprocessSince('novus', startedAt, { actor: 'u-admin' });
    expect(all.map((o) => o.processStatus)).to.deep.equal(['unchanged', 'unchanged']);
    expect((await outboxOf(h, appId)).length).to.equal(events);
    expect((await application(h, appId)).version).to.equal(version);
    const ops = await h.db.knex.withSchema(SCHEMA).table('outbox').where({ type: 'callback.unparseable' });
    expect(ops).to.have.length(1);
  });

  it('re-processes only the lender named, and only since the time given', async () => {
    expect(await h.lendwire.callbacks.reprocessSince('novus', new Date(Date.now() + 60_000))).to.deep.equal([]);
    expect(await h.lendwire.callbacks.reprocessSince('westlake', startedAt)).to.deep.equal([]);
  });

  it('answers NotFound for a callback that does not exist', async () => {
    let error: unknown;
    try {
      await h.lendwire.callbacks.reprocess('999999');
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(NotFoundError);
  });
});
