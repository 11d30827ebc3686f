import { creditApplicationSchema, submitRequestSchema } from '../../applications/submitRequestSchema.js';
import { customerJourneySchema, openJourneySchema } from '../../applications/validateJourneyRequest.js';
import { subscriptionInputSchema, subscriptionPatchSchema } from '../../webhooks/subscriptionSchemas.js';
import { answerSchemas } from './answerSchemas.js';
import { apiPaths } from './apiPaths.js';
import { embedJsonSchemas } from './embedJsonSchemas.js';
import type { Json } from './operationParts.js';
import { webhooksSection } from './webhooksSection.js';

/** The components of every part, refusing a name two parts use (one would hide the other). */
function distinctUnion(...parts: Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [name, schema] of Object.entries(part)) {
      if (name in out) throw new Error(`Two schemas named "${name}" in the OpenAPI document`);
      out[name] = schema;
    }
  }
  return out;
}

/**
 * The OpenAPI 3.1 description of lendwire's HTTP surface (dealer, callback,
 * operations and admin APIs) and of the events it sends (`webhooks`). Paths are
 * relative to where the host mounts the plugin (`servers[0].url`). Every schema is
 * a component of its own, so swagger-parser, Redocly and code generators follow
 * every `$ref` (test/admin/openapiTools.test.ts runs them on the served document).
 */
export function openapiDocument(options: { version: string; basePath: string }): Json {
  const events = webhooksSection();
  const requests = embedJsonSchemas({
    SubmitApplicationRequest: submitRequestSchema,
    OpenJourneyRequest: openJourneySchema,
    CustomerJourney: customerJourneySchema,
    CreditApplication: creditApplicationSchema,
    SubscriptionInput: subscriptionInputSchema,
    SubscriptionPatch: subscriptionPatchSchema,
  });
  return {
    openapi: '3.1.0',
    info: {
      title: 'lendwire',
      version: options.version,
      description:
        "Credit applications to lenders, lender callbacks, signed webhooks and CRM sync, as an Express plugin. Authentication is the host's: send what the host's auth hook accepts (the host example uses bearer tokens).\n\n" +
        'The `webhooks` section describes every event lendwire sends to subscribers. Also served: this reference as a page (`docs`) and the operator dashboard (`admin/`).',
    },
    servers: [{ url: options.basePath }],
    security: [{ hostAuth: [] }],
    tags: [
      { name: 'dealer', description: 'Dealer API (a dealer sees only its dealers)' },
      { name: 'callbacks', description: 'Inbound lender callbacks (public; each lender adapter authenticates)' },
      { name: 'operations', description: 'Health, metrics, this document' },
      { name: 'admin', description: 'Admin API; `x-roles` lists the roles allowed' },
      { name: 'webhooks', description: 'Events lendwire sends to webhook subscriptions (Standard Webhooks signatures)' },
    ],
    paths: apiPaths(),
    webhooks: events.webhooks,
    components: {
      securitySchemes: { hostAuth: { type: 'http', scheme: 'bearer', description: "Whatever the host's auth hook accepts" } },
      schemas: distinctUnion(answerSchemas, requests, events.schemas),
      parameters: events.parameters,
    },
  };
}
