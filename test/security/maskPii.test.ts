import { expect } from 'chai';
import { maskAmount, maskDate, maskSsn, maskTail } from '../../plugin/security/maskPii.js';

describe('PII masking', () => {
  it('keeps only the last four SSN digits, in either input format', () => {
    expect(maskSsn('123-45-6789')).to.equal('***-**-6789');
    expect(maskSsn('123456789')).to.equal('***-**-6789');
    expect(maskSsn('12-3')).to.equal('***-**-****');
    expect(maskSsn(undefined)).to.equal('***-**-****');
  });

  it('masks dates of birth and incomes whole, license numbers but their tail', () => {
    expect(maskDate('1988-04-12')).to.equal('****-**-**');
    expect(maskAmount(6800)).to.equal('***');
    expect(maskAmount(null)).to.equal(null);
    expect(maskTail('D1234567')).to.equal('****4567');
    expect(maskTail('ab')).to.equal('**');
  });
});
