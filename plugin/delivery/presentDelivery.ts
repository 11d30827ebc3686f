import { isoTime } from '../kernel/isoTime.js';
import { scrubSsnLike } from '../security/scrubSsnLike.js';
import type { DeliveryRow } from './DeliveryRow.js';

/** The columns of a `deliveries` row an answer shows. */
export type DeliveryColumns = Pick<DeliveryRow, 'id' | 'event_id' | 'event_type' | 'application_id' | 'target_kind' | 'target_id' | 'status' | 'attempts' | 'replays'> & {
  next_attempt_at: Date | string | null;
  last_error_code: string | null;
  last_error: string | null;
  created_at: Date | string;
  updated_at?: Date | string;
  completed_at: Date | string | null;
};

/** The columns of a `delivery_attempts` row an answer shows. */
export interface DeliveryAttemptColumns {
  attempt: number;
  started_at: Date | string;
  duration_ms: number;
  status_code: number | null;
  error_code: string | null;
  error_message: string | null;
  response_excerpt: string | null;
}

export interface DeliveryAttemptView {
  attempt: number;
  startedAt: string;
  durationMs: number;
  statusCode: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  responseExcerpt: string | null;
}

/** A delivery without its attempt log, as lists show it. */
export interface DeliverySummary {
  id: string;
  eventId: string;
  eventType: string;
  applicationId: string | null;
  targetKind: string;
  targetId: string;
  status: string;
  attempts: number;
  replays: number;
  nextAttemptAt: string | null;
  lastErrorCode: string | null;
  lastError: string | null;
  createdAt: string;
  completedAt: string | null;
}

/** One delivery with its whole attempt log, as `lendwire.deliveries.get` answers it. */
export interface DeliveryView extends DeliverySummary {
  attemptLog: DeliveryAttemptView[];
}

/** A delivery row as API answers show it (the programmatic API and the admin API). */
export function presentDelivery(d: DeliveryColumns): DeliverySummary {
  return {
    id: d.id,
    eventId: d.event_id,
    eventType: d.event_type,
    applicationId: d.application_id,
    targetKind: d.target_kind,
    targetId: d.target_id,
    status: d.status,
    attempts: d.attempts,
    replays: d.replays,
    nextAttemptAt: isoTime(d.next_attempt_at),
    lastErrorCode: d.last_error_code,
    lastError: scrubSsnLike(d.last_error),
    createdAt: isoTime(d.created_at)!,
    completedAt: isoTime(d.completed_at),
  };
}

export function presentDeliveryAttempt(a: DeliveryAttemptColumns): DeliveryAttemptView {
  return {
    attempt: a.attempt,
    startedAt: isoTime(a.started_at)!,
    durationMs: a.duration_ms,
    statusCode: a.status_code,
    errorCode: a.error_code,
    errorMessage: scrubSsnLike(a.error_message),
    responseExcerpt: scrubSsnLike(a.response_excerpt),
  };
}
