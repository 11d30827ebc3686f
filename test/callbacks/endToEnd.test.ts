import { expect } from 'chai';
import { registerBuiltInAdapters } from '../../adapters/index.js';
import { startApptrakerSandbox, type ApptrakerSandbox } from '../../host-example/simulators/apptrakerSandbox.js';
import { applicationManifest, liveSubmitBody } from '../applications/support/fixtures.js';
import { createHarness, jsonOf, type Harness } from '../support/harness.js';
import { SCHEMA, WESTLAKE_KEY, application, transitionsOf } from './callbackSupport.js';
import { waitFor } from '../support/waitFor.js';

/**
 * The whole inbound path against the appTRAKER sandbox (a real HTTP server):
 * dealer API -> submission worker -> sandbox -> stage-1 and stage-2+ callbacks
 * -> raw rows -> processing -> application state and events.
 */
describe('callbacks end to end with the appTRAKER sandbox', function () {
  let h: Harness;
  let sandbox: ApptrakerSandbox;

  before(async () => {
    sandbox = await startApptrakerSandbox({ apiKey: 'westlake-test-api-key', callbackApiKey: WESTLAKE_KEY, paceMs: 40, random: () => 0 });
    const manifest = applicationManifest({ url: sandbox.submissionUrl });
    const [westlake] = manifest.lenders as Record<string, unknown>[];
    westlake.callbacks = { apiKey: { env: 'LW_TEST_WESTLAKE_CALLBACK_KEY' } };
    h = await createHarness({ manifest, register: registerBuiltInAdapters });
    sandbox.setCallbackUrl(`${h.url}/callbacks/westlake`);
  });
  after(async () => {
    await sandbox.close();
    await h.close();
  });

  const submit = async (lastName?: string): Promise<string> => {
    const body = liveSubmitBody();
    if (lastName) ((body.application as Record<string, Record<string, unknown>>).applicant ?? {}).lastName = lastName;
    const res = await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: body });
    expect(res.status).to.equal(202);
    return (await jsonOf(res)).id;
  };

  const finalStatus = (id: string, status: string) =>
    waitFor(async () => {
      const app = await application(h, id);
      return app?.status === status ? app : undefined;
    }, 20_000, `application ${id} to be ${status}`);

  it('takes a submitted application to funded through the vendor callbacks', async () => {
    const id = await submit();
    const app = await finalStatus(id, 'funded');
    expect(app.lender_app_no).to.be.a('string');
    expect(app.booked).to.be.an('object');
    await sandbox.idle();
    expect(sandbox.callbacks.filter((c) => c.status !== 200)).to.deep.equal([]);
    const transitions = (await transitionsOf(h, id)).map((t) => t.to_status);
    expect(transitions.slice(0, 4)).to.deep.equal(['queued', 'submitting', 'submitted', 'received']);
    expect(transitions.at(-1)).to.equal('funded');
    const raw = await h.db.knex.withSchema(SCHEMA).table('raw_callbacks').where({ application_id: id });
    expect(raw.length).to.equal(sandbox.callbacks.filter((c) => c.appId === app.lender_app_id).length);
  });

  it('survives duplicated, out-of-order and late callbacks: funded once, and stays funded', async () => {
    sandbox.setFaults({ duplicate: 1, outOfOrder: 1, late: 1 });
    const id = await submit();
    await finalStatus(id, 'funded');
    await sandbox.idle();
    const vendorId = (await application(h, id)).lender_app_id;
    const sent = sandbox.callbacks.filter((c) => c.appId === vendorId);
    expect(sent.length).to.be.greaterThan(5);
    expect(sent.every((c) => c.status === 200)).to.equal(true);
    await waitFor(async () => {
      const rows = await h.db.knex.withSchema(SCHEMA).table('raw_callbacks').where({ application_id: id }).select('process_status');
      return rows.length === sent.length && rows.every((r: { process_status: string }) => r.process_status !== 'pending');
    }, 10_000, 'every callback to be processed');
    const app = await application(h, id);
    expect(app.status).to.equal('funded');
    const statuses = (await transitionsOf(h, id)).map((t) => t.to_status);
    expect(statuses.filter((s) => s === 'funded')).to.have.length(1);
    sandbox.setFaults({});
  });
});
