import { expect } from 'chai';
import { parseApptrakerCallback } from '../../adapters/lenders/apptraker/callbacks/parseApptrakerCallback.js';
import type { ParsedCallback, StatusUpdateEvent, StoredCallback } from '../../plugin/index.js';
import { fixture } from './callbackSupport.js';

function parse(body: string | Buffer): ParsedCallback {
  const stored: StoredCallback = { id: '1', lenderId: 'westlake', body: Buffer.isBuffer(body) ? body : Buffer.from(body), contentType: 'application/json', headers: {}, receivedAt: new Date() };
  return parseApptrakerCallback(stored);
}

function update(p: ParsedCallback): StatusUpdateEvent {
  const e = p.events[0];
  if (!e || e.kind !== 'update') throw new Error(`expected an update event, got ${JSON.stringify(p)}`);
  return e;
}

describe('appTRAKER callback parser', () => {
  it('reads stage 1 as a link of AppId to Appno', () => {
    const p = parse(fixture('01-stage1-processed.json'));
    expect(p.parseStatus).to.equal('parsed');
    expect(p.events).to.deep.equal([{ kind: 'link', lenderAppId: 'AT-7Q2K9W', lenderAppNo: '1048576', lenderStatus: 'PROCESSED', vendorAt: new Date('2026-11-20T15:06:12Z') }]);
  });

  it('reads Appno as a number, a string or a float the same way', () => {
    expect(update(parse(fixture('02-decision-conditioned.json'))).ref.lenderAppNo).to.equal('1048576');
    expect(update(parse(fixture('04-booked.json'))).ref.lenderAppNo).to.equal('1048576');
    expect(update(parse(fixture('05-funded.json'))).ref.lenderAppNo).to.equal('1048576');
    expect(update(parse(fixture('08-nulls-and-strings.malformed.json'))).ref.lenderAppNo).to.equal('1048576');
  });

  it('maps vendor statuses with FundingStatus precedence', () => {
    expect(update(parse(fixture('02-decision-conditioned.json')))).to.include({ status: 'conditioned', lenderStatus: 'Conditioned' });
    expect(update(parse(fixture('03-verification.json')))).to.include({ status: 'approved', lenderStatus: 'Approved' });
    expect(update(parse(fixture('04-booked.json')))).to.include({ status: 'booked', lenderStatus: 'Booked' });
    expect(update(parse(fixture('05-funded.json')))).to.include({ status: 'funded', lenderStatus: 'Funded' });
    expect(update(parse(fixture('06-late-decision-after-funded.json')))).to.include({ status: 'conditioned' });
    expect(update(parse(fixture('09-declined.json')))).to.include({ status: 'declined' });
  });

  it('coerces strings, commas, blanks and nulls, and ignores unknown blocks (08)', () => {
    const p = parse(fixture('08-nulls-and-strings.malformed.json'));
    const e = update(p);
    expect(p.parseStatus).to.equal('parsed');
    expect(e.status).to.equal(null);
    expect(e.terms).to.deep.equal({ amountFinanced: 21529.69, term: 72, apr: null, payment: null });
    expect(e.stipulations).to.equal(undefined);
    expect(p.reason).to.match(/ignored unknown fields: UnexpectedNewBlock/);
  });

  it('extracts only the Appno from truncated JSON (07) and applies nothing', () => {
    const p = parse(fixture('07-truncated.malformed.json'));
    expect(p.parseStatus).to.equal('partial');
    expect(p.subject).to.deep.equal({ lenderAppNo: '1048576' });
    expect(p.events).to.deep.equal([]);
  });

  it('does not trust an Appno cut off by the truncation', () => {
    const p = parse('{ "Application": { "DecisionStatus": "Approved", "Appno": 10485');
    expect(p.parseStatus).to.equal('unparseable');
  });

  it('reports a non-JSON body (10) as unparseable', () => {
    const p = parse(fixture('10-not-json.malformed.txt'));
    expect(p.parseStatus).to.equal('unparseable');
    expect(p.reason).to.match(/not valid JSON/);
  });

  it('keeps an unknown vendor status as partial without applying a status', () => {
    const p = parse('{"Application":{"Appno":1,"DecisionStatus":"Escalated","FundingStatus":"Undefined"}}');
    expect(p.parseStatus).to.equal('partial');
    expect(update(p).status).to.equal(null);
    expect(p.reason).to.match(/Escalated/);
  });

  it('reads the decline reasons and bureau (09)', () => {
    const e = update(parse(fixture('09-declined.json')));
    expect(e.decline?.reasons).to.have.length(2);
    expect(e.decline?.creditBureau?.name).to.equal('Experian');
    expect(e.vendorAt?.toISOString()).to.equal('2026-11-20T16:00:00.000Z');
  });

  it('never throws on hostile shapes', () => {
    for (const body of ['null', '"x"', '42', '{"Application":[]}', '{"Application":{"Appno":{"a":1}}}', '{"Status":"PROCESSED"}', '{"Application":{"Appno":1,"DecisionStipulations":"lots","DeclineReasons":7,"CreditBureau":[1],"UpdatedAt":"yesterday"}}']) {
      expect(() => parse(body), body).not.to.throw();
    }
  });
});
