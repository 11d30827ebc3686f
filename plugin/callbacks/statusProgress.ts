import type { ApplicationStatus } from '../sdk/statuses.js';

/**
 * How far along an application is. A callback may move an application to a
 * status of the same or a later stage, never to an earlier one: a late
 * decision does not undo `booked` or `funded`. Decisions share one stage, so a
 * newer decision may replace an older one (conditioned -> approved, approved -> declined).
 */
const PROGRESS: Record<ApplicationStatus, number> = {
  queued: 0,
  submitting: 1,
  submitted: 2,
  submission_failed: 2,
  needs_review: 2,
  received: 3,
  pending: 4,
  approved: 5,
  conditioned: 5,
  countered: 5,
  declined: 5,
  ineligible: 5,
  withdrawn: 5,
  booked: 6,
  funded: 7,
  cancelled: 8,
};

export function progressOf(status: string): number {
  return PROGRESS[status as ApplicationStatus] ?? 0;
}

/** True when moving from `from` to `to` would go back to an earlier stage. */
export function wouldRegress(from: string, to: ApplicationStatus): boolean {
  return progressOf(to) < progressOf(from);
}
