import { expect } from 'chai';
import { decodeTime } from 'ulid';
import { newUlid } from '../../plugin/security/newUlid.js';

describe('newUlid (ids from a pooled CSPRNG)', () => {
  it('makes valid, unique, time-stamped ULIDs across many pool refills', () => {
    const before = Date.now();
    const ids = Array.from({ length: 20_000 }, () => newUlid());
    expect(new Set(ids).size).to.equal(ids.length);
    for (const id of ids.slice(0, 100)) expect(id).to.match(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(decodeTime(ids[0])).to.be.within(before, Date.now());
  });

  it('spreads the random part over the whole alphabet (no bias from the pooled draw)', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 4000; i++) for (const c of newUlid().slice(10)) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).to.equal(32);
    // 64,000 characters over 32 symbols: 2,000 each on average.
    for (const n of counts.values()) expect(n).to.be.within(1700, 2300);
  });
});
