import { expect } from 'chai';
import { outboundTimeouts, parseRetryAfter, MAX_CONNECT_MS } from '../../plugin/index.js';

describe('outbound kit: Retry-After and the timeout policy', () => {
  const now = Date.parse('2026-12-04T10:00:00Z');

  it('reads every Retry-After form as milliseconds from now', () => {
    expect(parseRetryAfter('120', now)).to.equal(120_000);
    expect(parseRetryAfter('0', now)).to.equal(0);
    expect(parseRetryAfter('2.5', now)).to.equal(2_500);
    expect(parseRetryAfter(['5', '9'], now)).to.equal(5_000);
    // IMF-fixdate, the obsolete RFC 850 and asctime forms.
    expect(parseRetryAfter('Fri, 04 Dec 2026 10:00:30 GMT', now)).to.equal(30_000);
    expect(parseRetryAfter('Friday, 04-Dec-26 10:01:00 GMT', now)).to.equal(60_000);
    expect(parseRetryAfter('Fri Dec  4 10:00:10 2026', now)).to.be.a('number');
    expect(parseRetryAfter('Fri, 04 Dec 2026 09:00:00 GMT', now)).to.equal(0);
    for (const unreadable of ['soon', '-1', '1e3', '', undefined, null]) expect(parseRetryAfter(unreadable, now), String(unreadable)).to.equal(undefined);
  });

  it('derives every phase from the one configured timeout', () => {
    expect(outboundTimeouts(30_000)).to.deep.equal({ totalMs: 30_000, connectMs: MAX_CONNECT_MS, headersMs: 30_000, bodyMs: 30_000 });
    expect(outboundTimeouts(2_000)).to.deep.equal({ totalMs: 2_000, connectMs: 2_000, headersMs: 2_000, bodyMs: 2_000 });
  });
});
