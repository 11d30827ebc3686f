/** The normalized application statuses (docs/design.md). */
export const APPLICATION_STATUSES = [
  'queued',
  'submitting',
  'submitted',
  'received',
  'pending',
  'approved',
  'conditioned',
  'countered',
  'declined',
  'withdrawn',
  'ineligible',
  'booked',
  'funded',
  'cancelled',
  'submission_failed',
  'needs_review',
] as const;

export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export function isApplicationStatus(value: unknown): value is ApplicationStatus {
  return typeof value === 'string' && (APPLICATION_STATUSES as readonly string[]).includes(value);
}
