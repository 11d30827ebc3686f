import type { SubmissionRequest } from '../../../../plugin/index.js';

type Person = SubmissionRequest['application']['applicant'];
type Address = Person['residence']['address'];

const HOUSING: Record<string, string> = { own: 'O', own_outright: 'O', mortgage: 'M', rent: 'R', family: 'F', military: 'X', other: 'T' };
const EMPLOYMENT: Record<string, string> = {
  employed: 'Employed',
  self_employed: 'SelfEmployed',
  military: 'Military',
  retired: 'Retired',
  student: 'Student',
  unemployed: 'Unemployed',
  other: 'Other',
};
const CONDITION: Record<string, string> = { new: 'N', used: 'U', certified_pre_owned: 'C', demo: 'D' };

/** appTRAKER dates are MM/DD/YYYY. */
function usDate(iso: string | undefined): string | null {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})/.exec(iso) : null;
  return m ? `${m[2]}/${m[3]}/${m[1]}` : null;
}
const digits = (v: string | undefined): string | null => (v ? v.replace(/\D/g, '') : null);
const money = (v: number | undefined): number | null => (typeof v === 'number' ? Math.round(v * 100) / 100 : null);
const years = (months: number | undefined): number | null => (typeof months === 'number' ? Math.floor(months / 12) : null);
const restMonths = (months: number | undefined): number | null => (typeof months === 'number' ? months % 12 : null);

function address(prefix: '' | 'Prev', a: Address | undefined): Record<string, unknown> {
  return {
    [`${prefix}Address1`]: a?.line1 ?? null,
    [`${prefix}Address2`]: a?.line2 ?? null,
    [`${prefix}City`]: a?.city ?? null,
    [`${prefix}State`]: a?.state ?? null,
    [`${prefix}Zip`]: a?.postalCode ?? null,
  };
}

function person(p: Person | undefined): Record<string, unknown> | null {
  if (!p) return null;
  const otherIncome = (p.otherIncome ?? []).reduce((sum, o) => sum + (o.monthlyAmount ?? 0), 0);
  return {
    FirstName: p.firstName,
    MiddleName: p.middleName ?? null,
    LastName: p.lastName,
    Suffix: p.suffix ?? null,
    SSN: digits(p.ssn),
    DOB: usDate(p.dateOfBirth),
    Email: p.email,
    HomePhone: digits(p.phone),
    CellPhone: digits(p.mobilePhone),
    DLNumber: p.driversLicense?.number ?? null,
    DLState: p.driversLicense?.state ?? null,
    MaritalStatus: p.maritalStatus ?? null,
    ...address('', p.residence?.address),
    HousingStatus: HOUSING[p.residence?.housingStatus] ?? 'T',
    MonthlyHousingPayment: money(p.residence?.monthlyPayment) ?? 0,
    YearsAtAddress: years(p.residence?.monthsAtAddress),
    MonthsAtAddress: restMonths(p.residence?.monthsAtAddress),
    ...address('Prev', p.previousResidence?.address),
    PrevYearsAtAddress: years(p.previousResidence?.monthsAtAddress),
    PrevMonthsAtAddress: restMonths(p.previousResidence?.monthsAtAddress),
    EmploymentStatus: EMPLOYMENT[p.employment?.status] ?? 'Other',
    EmploymentType: p.employment?.type ?? null,
    EmployerName: p.employment?.employerName ?? null,
    Occupation: p.employment?.jobTitle ?? null,
    EmployerPhone: digits(p.employment?.employerPhone),
    YearsEmployed: years(p.employment?.monthsWithEmployer),
    MonthsEmployed: restMonths(p.employment?.monthsWithEmployer),
    GrossMonthlyIncome: money(p.employment?.grossMonthlyIncome),
    PrevEmployerName: p.previousEmployment?.employerName ?? null,
    PrevOccupation: p.previousEmployment?.jobTitle ?? null,
    PrevYearsEmployed: years(p.previousEmployment?.monthsWithEmployer),
    PrevMonthsEmployed: restMonths(p.previousEmployment?.monthsWithEmployer),
    OtherMonthlyIncome: money(otherIncome),
    OtherIncomeSource: (p.otherIncome ?? []).map((o) => o.source).join('; ') || null,
  };
}

/**
 * Maps the canonical application to appTRAKER's submission schema (flat
 * PascalCase fields, MM/DD/YYYY dates, digits-only SSN and phones, one-letter
 * codes). Pure: same input, same output.
 */
export function toApptrakerApplication(req: SubmissionRequest): Record<string, unknown> {
  const { application: a } = req;
  const fees = a.deal.fees ?? {};
  const docFee = fees.doc ?? 0;
  const titleFees = (fees.registration ?? 0) + (fees.title ?? 0) + (fees.license ?? 0);
  const otherFees = Object.entries(fees)
    .filter(([k]) => !['doc', 'registration', 'title', 'license'].includes(k))
    .reduce((s, [, v]) => s + v, 0);
  return {
    DealerId: req.dealerId,
    DealerReferenceNumber: req.applicationId,
    ExternalReference: req.externalRef,
    TransactionType: a.transactionType === 'lease' ? 'Lease' : a.transactionType === 'balloon' ? 'Balloon' : 'Retail',
    CreditPullConsent: a.consent.creditPull ? 'Y' : 'N',
    ConsentDate: a.consent.consentedAt ?? null,
    ConsentIpAddress: a.consent.ipAddress ?? null,
    Applicant: person(a.applicant),
    CoApplicant: person(a.coApplicant),
    Vehicle: {
      VIN: a.vehicle.vin,
      Year: a.vehicle.year,
      Make: a.vehicle.make,
      Model: a.vehicle.model,
      Trim: a.vehicle.trim ?? null,
      Mileage: a.vehicle.mileage,
      NewUsed: CONDITION[a.vehicle.condition] ?? 'U',
      BookValue: money(a.vehicle.bookValue),
      MSRP: money(a.vehicle.msrp),
    },
    TradeIn: a.tradeIn
      ? {
          VIN: a.tradeIn.vin ?? null,
          Year: a.tradeIn.year ?? null,
          Make: a.tradeIn.make ?? null,
          Model: a.tradeIn.model ?? null,
          Mileage: a.tradeIn.mileage ?? null,
          Allowance: money(a.tradeIn.allowance),
          Payoff: money(a.tradeIn.payoff),
          LienHolder: a.tradeIn.lienHolder ?? null,
          MonthlyPayment: money(a.tradeIn.monthlyPayment),
        }
      : null,
    Deal: {
      CashPrice: money(a.deal.cashPrice),
      Rebate: money(a.deal.rebate) ?? 0,
      CashDown: money(a.deal.downPayment),
      NetTrade: money(a.deal.netTrade) ?? 0,
      SalesTax: money(a.deal.salesTax) ?? 0,
      DocFee: money(docFee),
      TitleLicenseFees: money(titleFees),
      OtherFees: money(otherFees),
      GAP: money(a.deal.gap) ?? 0,
      ServiceContract: money(a.deal.serviceContract) ?? 0,
      AmountFinanced: money(a.deal.amountFinanced),
      Term: a.deal.termMonths,
      RequestedRate: a.deal.requestedApr ?? null,
      EstimatedPayment: money(a.deal.estimatedPayment),
      FirstPaymentDate: usDate(a.deal.firstPaymentDate),
    },
  };
}
