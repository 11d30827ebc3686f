/** A delivery with the event it carries, as the worker loads it. */
export interface DeliveryRow {
  id: string;
  outbox_id: string | number;
  event_id: string;
  event_type: string;
  application_id: string | null;
  target_kind: string;
  target_id: string;
  status: string;
  attempts: number;
  replays: number;
  payload: Record<string, unknown>;
  dealer_id: string | null;
  event_created_at: Date;
}

/** Statuses a delivery can be in. `paused`: its target is disabled; kept until re-enabled or replayed. */
export const DELIVERY_STATUSES = ['pending', 'delivering', 'succeeded', 'dead_lettered', 'failed', 'paused'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
