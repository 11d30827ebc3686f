import type { CreditApplication } from '../../sdk/CreditApplication.js';

/**
 * The application the lender kit submits: a complete retail application with
 * recognisable personal data (SSN 123-45-6789, born 1988-04-12, income 6,837
 * a month), so the kit can tell whether any of it leaks into an outcome.
 */
export const SAMPLE_APPLICATION: CreditApplication = {
  transactionType: 'retail',
  consent: { creditPull: true, consentedAt: '2026-11-20T15:04:05Z', ipAddress: '203.0.113.7' },
  applicant: {
    firstName: 'Aisha',
    lastName: 'Rahman',
    ssn: '123-45-6789',
    dateOfBirth: '1988-04-12',
    email: 'aisha.rahman@example.com',
    phone: '+1-214-555-0147',
    driversLicense: { number: 'D1234567', state: 'TX' },
    residence: { address: { line1: '4100 Elm St', city: 'Dallas', state: 'TX', postalCode: '75204' }, housingStatus: 'rent', monthlyPayment: 1450, monthsAtAddress: 18 },
    employment: { status: 'employed', type: 'full_time', employerName: 'North Texas Medical Center', monthsWithEmployer: 30, grossMonthlyIncome: 6837 },
  },
  vehicle: { vin: '1HGCV1F37LA012345', year: 2020, make: 'Honda', model: 'Accord', mileage: 38210, condition: 'used' },
  deal: { cashPrice: 23995, downPayment: 2500, amountFinanced: 21529.69, termMonths: 72, firstPaymentDate: '2026-12-20' },
};
