import { EVENT_TYPES, type EventType } from '../../events/eventTypes.js';
import { WEBHOOK_EVENTS } from './webhookEvents.js';
import { WEBHOOK_HEADERS } from './webhookHeaders.js';

type Json = Record<string, unknown>;

/** A fixed example time, so the served document is the same on every start. */
const EXAMPLE_TIMESTAMP = '2026-11-20T15:04:05.000Z';

/** `customer_link.ready` -> `CustomerLinkReady`: the stem of an event's component names. */
export function eventSchemaName(type: EventType): string {
  return type
    .split(/[._]/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/** The envelope a subscriber receives for `type`, as in the example. */
export function exampleEnvelope(type: EventType): Json {
  return { type, timestamp: EXAMPLE_TIMESTAMP, data: WEBHOOK_EVENTS[type].example };
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const answer = (description: string) => ({ description });

/** The receiver's answers and what lendwire does with them (docs/design.md, Outbound webhooks). */
const RECEIVER_ANSWERS = {
  '2XX': answer('Received: the delivery is done (any 2xx; the body is ignored).'),
  '410': answer('Gone: the endpoint is disabled (`endpoint.disabled`) and its deliveries wait until it is enabled again.'),
  '429': {
    description: 'Too many: tried again later; `Retry-After` (seconds or a date) can lengthen the wait, never shorten it.',
    headers: { 'Retry-After': { schema: { type: 'string' } } },
  },
  '503': { description: 'Unavailable: tried again later, honouring `Retry-After` like 429.', headers: { 'Retry-After': { schema: { type: 'string' } } } },
  default: answer('Any other answer, a time-out or a refused connection: tried again on the retry schedule (1s 5s 30s 5m 30m 2h 6h 24h 24h by default), then dead-lettered.'),
};

/**
 * The OpenAPI `webhooks` of every event type in EVENT_TYPES, with what they need
 * in `components`: per type an envelope schema (`<Type>Event`) and its data schema
 * (`<Type>EventData`), `WebhookEvent` (all of them, told apart by `type`), and the
 * Standard Webhooks header parameters.
 */
export function webhooksSection(): { webhooks: Json; schemas: Json; parameters: Json } {
  const webhooks: Json = {};
  const schemas: Json = {};
  for (const type of EVENT_TYPES) {
    const event = WEBHOOK_EVENTS[type];
    const name = eventSchemaName(type);
    schemas[`${name}EventData`] = event.data;
    schemas[`${name}Event`] = {
      type: 'object',
      description: `The \`${type}\` envelope.`,
      required: ['type', 'timestamp', 'data'],
      properties: { type: { const: type }, timestamp: { type: 'string', format: 'date-time', description: 'When the event happened.' }, data: ref(`${name}EventData`) },
    };
    webhooks[type] = {
      post: {
        operationId: `${name.charAt(0).toLowerCase()}${name.slice(1)}Webhook`,
        tags: ['webhooks'],
        summary: event.summary,
        description: `Sent to every enabled subscription whose \`events\` match \`${type}\`, as \`POST\` with \`content-type: application/json\` and \`user-agent: lendwire/<version>\`, signed with the Standard Webhooks headers (or the broker scheme's where the subscription says \`signature: broker\`).`,
        security: [{}],
        parameters: Object.keys(WEBHOOK_HEADERS).map((header) => ({ $ref: `#/components/parameters/${header}` })),
        requestBody: { required: true, content: { 'application/json': { schema: ref(`${name}Event`), example: exampleEnvelope(type) } } },
        responses: RECEIVER_ANSWERS,
      },
    };
  }
  schemas.WebhookEvent = {
    description: 'Any event lendwire sends; `type` says which.',
    oneOf: EVENT_TYPES.map((type) => ref(`${eventSchemaName(type)}Event`)),
    discriminator: { propertyName: 'type', mapping: Object.fromEntries(EVENT_TYPES.map((type) => [type, `#/components/schemas/${eventSchemaName(type)}Event`])) },
  };
  return { webhooks, schemas, parameters: WEBHOOK_HEADERS };
}
