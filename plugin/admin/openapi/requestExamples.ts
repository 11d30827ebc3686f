import { isoDateInDays } from '../../kernel/isoDate.js';

/**
 * Examples of the main requests and answers, shown in the OpenAPI document and on
 * the docs page. test/admin/openapiTools.test.ts checks each against its schema,
 * and sends the submission example to the real dealer API (it must be accepted:
 * its first payment date moves with today, as a date in the past is refused).
 */
export const EXAMPLES: Record<string, unknown> = {
  SubmitApplicationRequest: {
    lenderId: 'westlake',
    dealerId: 'dealer-1',
    externalRef: 'LEAD-9',
    application: {
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
        residence: {
          address: { line1: '4100 Elm St', line2: 'Apt 12', city: 'Dallas', state: 'TX', postalCode: '75204' },
          housingStatus: 'rent',
          monthlyPayment: 1450,
          monthsAtAddress: 40,
        },
        employment: {
          status: 'employed',
          type: 'full_time',
          employerName: 'North Texas Medical Center',
          jobTitle: 'Registered Nurse',
          employerPhone: '+1-214-555-0100',
          monthsWithEmployer: 30,
          grossMonthlyIncome: 6800,
        },
      },
      vehicle: { vin: '1HGCV1F37LA012345', year: 2020, make: 'Honda', model: 'Accord', mileage: 38210, condition: 'used' },
      deal: { cashPrice: 23995, downPayment: 2500, salesTax: 1499.69, amountFinanced: 22994.69, termMonths: 72, firstPaymentDate: isoDateInDays(20) },
    },
  },
  SubmitApplicationAccepted: {
    id: 'app_01JD3K9V6Q8T2M4N5P7R9S1W3X',
    status: 'queued',
    lenderId: 'westlake',
    dealerId: 'dealer-1',
    externalRef: 'LEAD-9',
    createdAt: '2026-11-20T15:04:06.120Z',
    links: { self: 'applications/app_01JD3K9V6Q8T2M4N5P7R9S1W3X', timeline: 'applications/app_01JD3K9V6Q8T2M4N5P7R9S1W3X/timeline' },
  },
  ApplicationDetail: {
    id: 'app_01JD3K9V6Q8T2M4N5P7R9S1W3X',
    dealerId: 'dealer-1',
    lenderId: 'westlake',
    externalRef: 'LEAD-9',
    status: 'approved',
    lenderStatus: 'APPROVED',
    lenderAppId: 'AT-778812',
    lenderAppNo: 'A-100234',
    createdAt: '2026-11-20T15:04:06.120Z',
    updatedAt: '2026-11-20T16:12:40.002Z',
    decision: { apr: 7.49, termMonths: 72, amountFinanced: 22994.69 },
    stipulations: null,
    booked: null,
    decline: null,
    adverseActionDueAt: null,
    version: 5,
    application: { transactionType: 'retail', applicant: { firstName: 'Aisha', lastName: 'Rahman', ssn: '***-**-6789', dateOfBirth: '****-**-**' } },
  },
  InvalidApplication: {
    type: 'https://lendwire.dev/problems/validation',
    title: 'Invalid request',
    status: 422,
    detail: 'The credit application has 2 problem(s)',
    errors: [
      { path: '/application/applicant/ssn', message: 'must be a valid SSN (123-45-6789)' },
      { path: '/application/vehicle/vin', message: 'must match pattern "^[A-HJ-NPR-Z0-9]{17}$"' },
    ],
  },
  CallbackReceived: { received: true, id: '812' },
  SubscriptionInput: { id: 'crm-bridge', url: 'https://hooks.example.com/lendwire', events: ['application.*', 'delivery.dead_lettered'] },
  BulkReplayRequest: { targetId: 'crm-bridge', since: '2026-11-20T00:00:00Z', confirm: true },
  ReviewResolution: { resolution: 'submitted', lenderAppId: 'AT-778812', note: 'Found in the lender portal' },
};
