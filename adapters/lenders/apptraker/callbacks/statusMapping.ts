import type { ApplicationStatus } from '../../../../plugin/index.js';

/** appTRAKER `DecisionStatus` values (compared case-insensitively, spaces and '_' ignored). */
const DECISION: Record<string, ApplicationStatus> = {
  pending: 'pending',
  inreview: 'pending',
  review: 'pending',
  received: 'pending',
  approved: 'approved',
  conditioned: 'conditioned',
  conditionallyapproved: 'conditioned',
  countered: 'countered',
  counteroffer: 'countered',
  declined: 'declined',
  withdrawn: 'withdrawn',
  cancelled: 'cancelled',
  canceled: 'cancelled',
};

/** appTRAKER `FundingStatus` values. */
const FUNDING: Record<string, ApplicationStatus> = {
  booked: 'booked',
  funded: 'funded',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  unwound: 'cancelled',
};

/** Funding values that mean "nothing about funding yet": the decision speaks. */
const NO_FUNDING = new Set(['', 'undefined', 'none', 'null', 'pending', 'notfunded']);

function key(value: string): string {
  return value.toLowerCase().replace(/[\s_-]/g, '');
}

export interface VendorStatus {
  status: ApplicationStatus | null;
  lenderStatus: string | null;
  /** A status word we do not know (the callback is then only partially understood). */
  unknown?: string;
}

/**
 * The normalized status of a stage-2 callback: `FundingStatus` wins over
 * `DecisionStatus` unless it is empty or `Undefined`.
 */
export function mapVendorStatus(decision: string | null, funding: string | null): VendorStatus {
  if (funding !== null && !NO_FUNDING.has(key(funding))) {
    const status = FUNDING[key(funding)];
    if (status) return { status, lenderStatus: funding };
    return { status: null, lenderStatus: funding, unknown: `FundingStatus ${JSON.stringify(funding)}` };
  }
  if (decision !== null && key(decision) !== '' && key(decision) !== 'undefined') {
    const status = DECISION[key(decision)];
    if (status) return { status, lenderStatus: decision };
    return { status: null, lenderStatus: decision, unknown: `DecisionStatus ${JSON.stringify(decision)}` };
  }
  return { status: null, lenderStatus: null };
}
