import { expect } from 'chai';
import { withoutApplicantData } from '../../plugin/outbound/withoutApplicantData.js';
import { SAMPLE_APPLICATION } from '../../plugin/testing/lender/sampleApplication.js';

describe('outbound kit: lender text without the applicant’s SSN, birth date and income', () => {
  it('masks every spelling a lender quotes, standing alone', () => {
    const text = 'SSN 123-45-6789 (123456789) born 1988-04-12 / 04/12/1988 / 04121988 / 19880412, income 6837 or 6837.00';
    const masked = withoutApplicantData(text, SAMPLE_APPLICATION);
    expect(masked).to.equal('SSN [masked] ([masked]) born [masked] / [masked] / [masked] / [masked], income [masked] or [masked]');
  });

  it('leaves numbers that only contain a value alone, and text without an application as it is', () => {
    expect(withoutApplicantData('ref 168370 and 68371', SAMPLE_APPLICATION)).to.equal('ref 168370 and 68371');
    expect(withoutApplicantData('SSN 123-45-6789', undefined)).to.equal('SSN 123-45-6789');
  });

  it('masks the co-applicant too', () => {
    const coApplicant = { ...SAMPLE_APPLICATION.applicant, ssn: '987-65-4321', dateOfBirth: '1990-01-31' };
    expect(withoutApplicantData('co 987654321 01/31/1990', { ...SAMPLE_APPLICATION, coApplicant })).to.equal('co [masked] [masked]');
  });
});
