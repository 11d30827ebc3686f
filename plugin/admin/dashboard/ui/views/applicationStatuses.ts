/** The statuses an application can have, in lifecycle order (the status filter offers them). */
export const APPLICATION_STATUSES = [
  'queued', 'submitting', 'submitted', 'received', 'pending', 'approved', 'conditioned', 'countered', 'declined',
  'withdrawn', 'ineligible', 'booked', 'funded', 'cancelled', 'submission_failed', 'needs_review',
] as const;
