import type { Attributes } from '@opentelemetry/api';

/** What every database span of lendwire carries (semantic conventions: `db.system`, and its newer name `db.system.name`). */
export const DB_ATTRIBUTES: Readonly<Attributes> = Object.freeze({ 'db.system': 'postgresql', 'db.system.name': 'postgresql' });

/**
 * Messaging attributes (semantic conventions) of a queue or outbox operation:
 * `system` is `bullmq` for the job queues, `lendwire.outbox` for the outbox.
 */
export function messagingAttributes(system: string, destination: string, operation: 'send' | 'process' | 'receive', messageId?: string): Attributes {
  return {
    'messaging.system': system,
    'messaging.destination.name': destination,
    'messaging.operation.type': operation,
    ...(messageId === undefined ? {} : { 'messaging.message.id': messageId }),
  };
}
