/** An event as written to the outbox, before it is fanned out to subscribers. */
export interface OutboxEvent {
  /** e.g. `application.status_changed` (docs/design.md, event types). */
  type: string;
  applicationId?: string | null;
  dealerId?: string | null;
  /** The `data` of the delivered envelope. Never SSN, DOB or income. */
  data: Record<string, unknown>;
}

export interface AppendedEvent {
  id: number;
  eventId: string;
}

/** The Postgres NOTIFY channel the relay listens on. */
export function outboxChannel(schema: string): string {
  return `${schema}_outbox`;
}
