import { expect } from 'chai';
import { findLeaks } from '../../plugin/testing/findLeaks.js';

describe("findLeaks (the conformance kits' leak check)", () => {
  it('finds a number on its own, with separators or letters around it, and any text needle inside words', () => {
    expect(findLeaks({ reason: 'income 6837 refused' }, ['6837'])).to.deep.equal(['6837']);
    expect(findLeaks({ reason: 'SSN ***-**-6837' }, ['6837'])).to.deep.equal(['6837']);
    expect(findLeaks({ reason: 'x6837y' }, ['6837'])).to.deep.equal(['6837']);
    expect(findLeaks({ reason: 'api key sk_live_abcd1234 leaked' }, ['abcd1234'])).to.deep.equal(['abcd1234']);
    expect(findLeaks({ reason: 'SSN 123456789' }, ['123456789', '6789'])).to.deep.equal(['123456789']);
  });

  it("does not take a number inside a longer one for a leak (the stand-in's port 36837 in an echoed Host header)", () => {
    expect(findLeaks({ reason: '{"host":"127.0.0.1:36837"}' }, ['6837'])).to.deep.equal([]);
    expect(findLeaks({ reason: 'ids 168370 and 68371' }, ['6837'])).to.deep.equal([]);
    expect(findLeaks({ reason: 'port 36837, income 6837' }, ['6837'])).to.deep.equal(['6837']);
  });
});
