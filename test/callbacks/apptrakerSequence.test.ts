import { expect } from 'chai';
import type { Harness } from '../support/harness.js';
import {
  SCHEMA,
  application,
  businessState,
  deliver,
  fixture,
  insertApplication,
  outboxOf,
  postApptraker,
  settled,
  renumbered,
  transitionsOf,
  callbackHarness,
} from './callbackSupport.js';

const SEQUENCE = [
  '01-stage1-processed.json',
  '02-decision-conditioned.json',
  '03-verification.json',
  '04-booked.json',
  '05-funded.json',
  '06-late-decision-after-funded.json',
  '07-truncated.malformed.json',
  '08-nulls-and-strings.malformed.json',
];

/** A deterministic shuffle (so a failure can be reproduced). */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('appTRAKER callbacks: the fixture sequence', function () {
  let h: Harness;
  let appId: string;
  let inOrder: Record<string, unknown>;

  before(async () => {
    h = await callbackHarness();
    appId = await insertApplication(h);
    for (const name of SEQUENCE) await deliver(h, 'westlake', fixture(name));
    inOrder = await businessState(h, appId);
  });
  after(async () => {
    await h.close();
  });

  it('links stage 1 and ends funded, with every transition recorded in order', async () => {
    const app = await application(h, appId);
    expect(app.lender_app_no).to.equal('1048576');
    expect(app.status).to.equal('funded');
    expect(app.lender_status).to.equal('Funded');
    expect(new Date(app.vendor_updated_at).toISOString()).to.equal('2026-11-24T09:00:00.000Z');
    const transitions = await transitionsOf(h, appId);
    expect(transitions.map((t) => `${t.from_status}->${t.to_status}`)).to.deep.equal([
      'submitted->received',
      'received->conditioned',
      'conditioned->approved',
      'approved->booked',
      'booked->funded',
    ]);
    expect(transitions.every((t) => t.raw_callback_id !== null)).to.equal(true);
  });

  it('stores decision terms, decision and verification stipulations and the booked/funded structure', async () => {
    const app = await application(h, appId);
    expect(app.decision).to.deep.equal({ amountFinanced: 21529.69, term: 72, apr: 8.19, payment: 379.86, tier: 'B', maxAdvance: 23000 });
    expect(app.stipulations.decision.map((s: { code: string }) => s.code)).to.deep.equal(['POI', 'POR']);
    expect(app.stipulations.verification).to.deep.equal([
      { code: 'POI', description: 'Proof of income', status: 'Cleared', clearedAt: '2026-11-21T09:55:00.000Z' },
      { code: 'POR', description: 'Proof of residence', status: 'Received' },
    ]);
    expect(app.booked).to.include({ contractNumber: 'WL-2026-889201', firstPaymentDate: '2026-12-20', fundedAmount: 21529.69, fundedAt: '2026-11-24T08:58:00Z' });
  });

  it('emits one outbox event per transition plus the link, each with the terms known at the time', async () => {
    const events = await outboxOf(h, appId);
    expect(events.map((e) => e.type)).to.deep.equal([
      'application.status_changed',
      'application.linked',
      'application.status_changed',
      'application.status_changed',
      'application.status_changed',
      'application.status_changed',
    ]);
    const conditioned = events[2].payload;
    expect(conditioned).to.include({ previousStatus: 'received', status: 'conditioned', lenderStatus: 'Conditioned', lenderAppNo: '1048576' });
    expect((conditioned.stipulations as { decision: unknown[] }).decision).to.have.length(2);
    expect(events[5].payload).to.include({ previousStatus: 'booked', status: 'funded' });
    expect(JSON.stringify(events)).not.to.match(/"(ssn|dateOfBirth|dob|grossMonthlyIncome|income)"/i);
  });

  it('does not let the late decision undo funded, and records why', async () => {
    const rows = await h.db.knex.withSchema(SCHEMA).table('raw_callbacks').orderBy('id').select('parse_status', 'process_status', 'process_detail');
    expect(rows[5]).to.include({ parse_status: 'parsed', process_status: 'unchanged' });
    expect(rows[5].process_detail).to.match(/older than the one applied/);
  });

  it('keeps the truncated callback (partial, Appno extracted, nothing applied) and coerces the nulls-and-strings one', async () => {
    const rows = await h.db.knex.withSchema(SCHEMA).table('raw_callbacks').orderBy('id').select('parse_status', 'parse_reason', 'process_status', 'application_id', 'lender_app_no');
    expect(rows[6]).to.include({ parse_status: 'partial', process_status: 'review', lender_app_no: '1048576', application_id: appId });
    expect(rows[6].parse_reason).to.match(/not valid JSON.*extracted appNo/);
    expect(rows[7]).to.include({ parse_status: 'parsed', process_status: 'unchanged', application_id: appId });
    expect(rows[7].parse_reason).to.match(/UnexpectedNewBlock/);
  });

  it('treats a repeated identical callback as a no-op: stored, but no change and no event', async () => {
    const eventsBefore = (await outboxOf(h, appId)).length;
    const versionBefore = (await application(h, appId)).version;
    const again = await deliver(h, 'westlake', fixture('04-booked.json'));
    const stage1Again = await deliver(h, 'westlake', fixture('01-stage1-processed.json'));
    expect(again.process_status).to.equal('unchanged');
    expect(stage1Again.process_status).to.equal('unchanged');
    expect((await outboxOf(h, appId)).length).to.equal(eventsBefore);
    expect((await application(h, appId)).version).to.equal(versionBefore);
  });

  for (const seed of [7, 42, 99, 1234, 2026, 31337]) {
    it(`reaches the identical final state when the same callbacks arrive shuffled and concurrently (seed ${seed})`, async () => {
      const appNo = String(3_000_000 + seed);
      const vendorId = `AT-SHUF${seed}`;
      const other = await insertApplication(h, { lenderAppId: vendorId });
      const order = shuffled(SEQUENCE, seed);
      const answers = await Promise.all(order.map((name) => postApptraker(h, 'westlake', renumbered(fixture(name), vendorId, appNo))));
      expect(answers.map((r) => r.status)).to.deep.equal(order.map(() => 200));
      for (const res of answers) await settled(h, ((await res.json()) as { id: string }).id);
      expect(await businessState(h, other)).to.deep.equal(inOrder);
      expect((await application(h, other)).lender_app_no).to.equal(appNo);
    });
  }
});
