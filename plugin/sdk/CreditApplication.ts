/**
 * The canonical credit application (see creditApplication.schema.json, which is
 * authoritative). Typed loosely where the schema allows optional parts.
 */
export interface Address {
  line1: string;
  line2?: string;
  city: string;
  state: string;
  postalCode: string;
}

export interface Person {
  firstName: string;
  middleName?: string;
  lastName: string;
  suffix?: string;
  ssn: string;
  dateOfBirth: string;
  email: string;
  phone: string;
  mobilePhone?: string;
  driversLicense: { number: string; state: string; expiresOn?: string };
  maritalStatus?: string;
  residence: { address: Address; housingStatus: string; monthlyPayment?: number; monthsAtAddress: number };
  previousResidence?: { address: Address; housingStatus?: string; monthsAtAddress: number };
  employment: {
    status: string;
    type?: string;
    employerName?: string;
    jobTitle?: string;
    employerPhone?: string;
    monthsWithEmployer?: number;
    grossMonthlyIncome: number;
  };
  previousEmployment?: { status?: string; employerName: string; jobTitle?: string; employerPhone?: string; monthsWithEmployer: number };
  otherIncome?: { source: string; monthlyAmount: number }[];
}

export interface CreditApplication {
  transactionType: 'retail' | 'lease' | 'balloon';
  consent: { creditPull: true; consentedAt?: string; ipAddress?: string };
  applicant: Person;
  coApplicant?: Person;
  vehicle: {
    vin: string;
    year: number;
    make: string;
    model: string;
    trim?: string;
    mileage: number;
    condition: string;
    bookValue?: number;
    msrp?: number;
  };
  tradeIn?: {
    vin?: string;
    year?: number;
    make?: string;
    model?: string;
    mileage?: number;
    allowance: number;
    payoff: number;
    lienHolder?: string;
    monthlyPayment?: number;
  };
  deal: {
    cashPrice: number;
    rebate?: number;
    downPayment: number;
    netTrade?: number;
    salesTax?: number;
    fees?: Record<string, number>;
    gap?: number;
    serviceContract?: number;
    amountFinanced: number;
    termMonths: number;
    requestedApr?: number;
    estimatedPayment?: number;
    firstPaymentDate: string;
  };
}

/** What a dealer (or an in-process host) asks lendwire to submit. */
export interface SubmitApplicationInput {
  lenderId: string;
  dealerId: string;
  externalRef?: string;
  application: CreditApplication;
}
