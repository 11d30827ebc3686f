import { expect } from 'chai';
import { validateSubmitRequest } from '../../plugin/applications/validateSubmitRequest.js';
import { InputError } from '../../plugin/index.js';
import { fixtureJson, validApplication, INVALID_FIXTURE_PATHS } from './support/fixtures.js';

const TODAY = new Date('2026-11-23T12:00:00Z');

function problemsOf(application: unknown, today = TODAY): { path: string; message: string }[] {
  try {
    validateSubmitRequest({ lenderId: 'westlake', dealerId: 'dealer-1', application }, today);
    return [];
  } catch (err) {
    expect(err).to.be.instanceOf(InputError);
    return (err as InputError).problems;
  }
}

describe('Credit application schema and cross-field rules', () => {
  it('accepts the valid fixture and drops nulls (null means absent)', () => {
    const input = validateSubmitRequest({ lenderId: 'westlake', dealerId: 'dealer-1', application: validApplication() }, TODAY);
    expect(input.application.coApplicant).to.equal(undefined);
    expect(input.application.applicant.suffix).to.equal(undefined);
    expect(input.application.applicant.ssn).to.equal('123-45-6789');
  });

  it('reports every error of the invalid fixture, each once, by field path', () => {
    const problems = problemsOf(fixtureJson('applications/invalid-many-errors.json'));
    const paths = problems.map((p) => p.path);
    expect(new Set(problems.map((p) => `${p.path} ${p.message}`)).size).to.equal(problems.length);
    expect([...new Set(paths)].sort()).to.deep.equal([...INVALID_FIXTURE_PATHS].sort());
    expect(problems.find((p) => p.path === '/application/consent/creditPull')!.message).to.match(/consent/);
  });

  it('checks a co-applicant with the same rules under its own path', () => {
    const app = validApplication() as Record<string, unknown>;
    const co = structuredClone((app as { applicant: Record<string, unknown> }).applicant);
    co.dateOfBirth = '2009-12-01';
    co.ssn = '000-12-3456';
    app.coApplicant = co;
    const byPath = Object.fromEntries(problemsOf(app).map((p) => [p.path, p.message]));
    expect(byPath['/application/coApplicant/dateOfBirth']).to.match(/18 years/);
    expect(byPath['/application/coApplicant/ssn']).to.match(/valid SSN/);
  });

  it('is exactly 18 on the birthday, not the day before', () => {
    const app = validApplication() as { applicant: { dateOfBirth: string } };
    app.applicant.dateOfBirth = '2008-11-23';
    expect(problemsOf(app)).to.deep.equal([]);
    app.applicant.dateOfBirth = '2008-11-24';
    expect(problemsOf(app).map((p) => p.path)).to.deep.equal(['/application/applicant/dateOfBirth']);
  });

  it('checks the trade-in against the deal, and the deal against itself', () => {
    const app = validApplication() as { tradeIn: Record<string, unknown>; deal: Record<string, unknown> };
    app.tradeIn.lienHolder = null;
    app.deal.netTrade = 5000;
    app.deal.firstPaymentDate = '2026-11-01';
    const byPath = Object.fromEntries(problemsOf(app).map((p) => [p.path, p.message]));
    expect(byPath['/application/tradeIn/lienHolder']).to.match(/payoff/);
    expect(byPath['/application/deal/netTrade']).to.match(/4400\.00/);
    expect(byPath['/application/deal/amountFinanced']).to.match(/20929\.69/);
    expect(byPath['/application/deal/firstPaymentDate']).to.match(/past/);
  });

  it('tolerates a cent of rounding in the amount financed, but not more than a dollar', () => {
    const app = validApplication() as { deal: Record<string, number> };
    app.deal.amountFinanced = 21529.69 + 0.99;
    expect(problemsOf(app)).to.deep.equal([]);
    app.deal.amountFinanced = 21529.69 + 1.5;
    expect(problemsOf(app).map((p) => p.path)).to.deep.equal(['/application/deal/amountFinanced']);
  });

  it('names unknown fields and a missing envelope', () => {
    const app = validApplication() as Record<string, unknown>;
    app.favouriteColour = 'blue';
    expect(problemsOf(app)).to.deep.equal([{ path: '/application/favouriteColour', message: 'is not a known field' }]);
    expect(() => validateSubmitRequest({}, TODAY)).to.throw(InputError);
    try {
      validateSubmitRequest({}, TODAY);
    } catch (err) {
      expect((err as InputError).problems.map((p) => p.path)).to.have.members(['/lenderId', '/dealerId', '/application']);
    }
  });
});
