/** How a sandbox application plays out after its submission. */
export type SandboxScenario = 'funded' | 'declined' | 'malformed';

/** One callback the sandbox will send: a JSON document, or raw text for broken ones. */
export interface ScriptedCallback {
  /** What it is, for logs and tests ("stage1", "decision", "truncated"...). */
  label: string;
  body: string;
}

interface Ids {
  appId: string;
  appNo: number;
  lenderName: string;
  /** Vendor time of the first callback; each later one is a minute after. */
  start: Date;
}

const at = (ids: Ids, minutes: number) => new Date(ids.start.getTime() + minutes * 60_000).toISOString();

function stage2(ids: Ids, minutes: number, fields: Record<string, unknown>): string {
  return JSON.stringify({ Application: { Appno: ids.appNo, LenderName: ids.lenderName, UpdatedAt: at(ids, minutes), ...fields } });
}

const TERMS = { AmountFinanced: 21529.69, Term: 72, Apr: 8.19, Payment: 379.86, Tier: 'B', MaxAdvance: 23000 };

/** The appTRAKER callbacks of a scenario, in the order the vendor sends them (fields as in the vendor's documentation). */
export function scriptFor(scenario: SandboxScenario, ids: Ids): ScriptedCallback[] {
  const stage1: ScriptedCallback = {
    label: 'stage1',
    body: JSON.stringify({ Status: 'PROCESSED', AppId: ids.appId, Appno: ids.appNo, LenderName: ids.lenderName, ProcessedAt: at(ids, 0) }),
  };
  if (scenario === 'declined') {
    return [
      stage1,
      {
        label: 'declined',
        body: stage2(ids, 1, {
          DecisionStatus: 'Declined',
          FundingStatus: 'Undefined',
          DeclineReasons: [
            { Code: 'DTI', Description: 'Debt-to-income ratio too high' },
            { Code: 'TIB', Description: 'Insufficient time in bureau' },
          ],
          CreditBureau: { Name: 'Experian', Address: 'P.O. Box 2002, Allen, TX 75013', Phone: '1-888-397-3742' },
        }),
      },
    ];
  }
  if (scenario === 'malformed') {
    return [
      stage1,
      {
        label: 'nulls-and-strings',
        body: JSON.stringify({
          Application: {
            Appno: ` ${ids.appNo} `,
            DecisionStatus: null,
            FundingStatus: 'Undefined',
            DecisionLoanStructure: { AmountFinanced: '21,529.69', Term: '72', Apr: null, Payment: '' },
            DecisionStipulations: null,
            UnexpectedNewBlock: { Anything: [1, 2, 3] },
          },
        }),
      },
      { label: 'truncated', body: `{ "Application": { "Appno": ${ids.appNo}, "DecisionStatus": "Approved", "DecisionLoanStructure": { "Term": 72, ` },
      { label: 'not-json', body: '<html><body>502 Bad Gateway</body></html>' },
      { label: 'decision', body: stage2(ids, 4, { DecisionStatus: 'Approved', FundingStatus: 'Undefined', DecisionLoanStructure: TERMS }) },
    ];
  }
  return [
    stage1,
    {
      label: 'decision',
      body: stage2(ids, 1, {
        DecisionStatus: 'Conditioned',
        FundingStatus: 'Undefined',
        DecisionLoanStructure: TERMS,
        DecisionStipulations: [
          { Code: 'POI', Description: 'Proof of income: two most recent pay stubs', Status: 'Outstanding' },
          { Code: 'POR', Description: 'Proof of residence', Status: 'Outstanding' },
        ],
      }),
    },
    {
      label: 'verification',
      body: stage2(ids, 2, {
        DecisionStatus: 'Approved',
        FundingStatus: 'Undefined',
        VerificationStipulations: [
          { Code: 'POI', Description: 'Proof of income', Status: 'Cleared', ClearedAt: at(ids, 2) },
          { Code: 'POR', Description: 'Proof of residence', Status: 'Cleared', ClearedAt: at(ids, 2) },
        ],
      }),
    },
    {
      label: 'booked',
      body: stage2(ids, 3, {
        DecisionStatus: 'Approved',
        FundingStatus: 'Booked',
        BookedLoanStructure: { AmountFinanced: 21529.69, Term: 72, Apr: 8.19, Payment: 379.86, FirstPaymentDate: at(ids, 60 * 24 * 30).slice(0, 10), ContractNumber: `WL-${ids.appNo}` },
      }),
    },
    {
      label: 'funded',
      body: stage2(ids, 4, {
        DecisionStatus: 'Approved',
        FundingStatus: 'Funded',
        BookedLoanStructure: { AmountFinanced: 21529.69, Term: 72, Apr: 8.19, Payment: 379.86, FundedAmount: 21529.69, FundedAt: at(ids, 4) },
      }),
    },
  ];
}

/**
 * The sandbox convention for picking a scenario: an applicant whose last name is
 * "Decline" is declined, "Garble" gets malformed callbacks, anyone else is funded.
 */
export function scenarioFromSubmission(rawBody: string): SandboxScenario {
  if (/\bDecline\b/.test(rawBody)) return 'declined';
  if (/\bGarble\b/.test(rawBody)) return 'malformed';
  return 'funded';
}
