import type { Knex } from 'knex';
import type { DeliveryOutcome } from '../sdk/DeliveryOutcome.js';

/** An event as the delivery engine hands it to a target. */
export interface DeliverableEvent {
  /** Outbox row id. */
  outboxId: number;
  /** msg_<ulid>: stable across retries (the `webhook-id`). */
  eventId: string;
  type: string;
  /** ISO time the event was created. */
  timestamp: string;
  applicationId: string | null;
  dealerId: string | null;
  data: Record<string, unknown>;
}

export interface DeliveryAttemptInfo {
  deliveryId: string;
  /** 1 for the first attempt. */
  attempt: number;
  targetId: string;
}

/**
 * A kind of delivery target (webhook subscriptions, CRM targets). The relay asks
 * every kind which of its targets want an event, then the engine calls `send`
 * for each delivery row of that kind. Multi-bound under DELIVERY_TOKENS.DeliveryTargetKinds.
 */
export interface DeliveryTargetKind {
  /** Stored in deliveries.target_kind, e.g. "subscription" or "crm". */
  readonly kind: string;
  /** Ids of targets that should receive an event of this type (enabled or not: disabled targets keep their deliveries). */
  targetsFor(event: { type: string; applicationId: string | null; dealerId: string | null }): Promise<string[]>;
  /**
   * Optional: `targetsFor` for a whole relay batch at once (same order as
   * `events`), so a kind can answer 100 events with one query. `version`, when
   * given, is this kind's row of `target_versions` as of a snapshot that sees
   * the events: targets the kind loaded at that same version are still right,
   * so it need not read them again (a kind without a row gets undefined).
   */
  targetsForMany?(events: { type: string; applicationId: string | null; dealerId: string | null }[], version?: string): Promise<string[][]>;
  /** One attempt. Must not throw for delivery failures: classify them. */
  send(event: DeliverableEvent, attempt: DeliveryAttemptInfo): Promise<DeliveryOutcome>;
  /** Per-target settings the engine needs (retry schedule, rate limit, whether it is enabled). */
  policy(targetId: string): Promise<TargetPolicy | null>;
  /**
   * Disables a target (410 Gone, or failing for days) inside the engine's
   * transaction. Returns true when it was enabled until now (so the
   * `endpoint.disabled` event fires once). Kinds without it are never disabled.
   */
  disable?(targetId: string, reason: string, trx: Knex.Transaction): Promise<boolean>;
}

export interface TargetPolicy {
  enabled: boolean;
  /** Why it is disabled, when it is. */
  disabledReason?: string | null;
  /** Delays between attempts in ms; its length is the number of retries. */
  retryScheduleMs: number[];
  rateLimit?: { perSecond: number; burst: number };
  /** Upper bound of one attempt; used to expire the engine's in-flight slot if a worker dies mid-attempt (default 2 min). */
  timeoutMs?: number;
}
