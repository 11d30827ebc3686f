/** The secret the example signature below was made with (the Standard Webhooks specification's own example secret). */
export const EXAMPLE_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/**
 * The Standard Webhooks headers of a delivery, as OpenAPI header parameters
 * (components/parameters). Their examples belong together: they sign the compact
 * JSON of the `webhook.test` example envelope with EXAMPLE_SECRET, so a receiver can
 * check its verifier against them (test/admin/openapiWebhooks.test.ts verifies them
 * with the `standardwebhooks` library).
 */
export const WEBHOOK_HEADERS = {
  WebhookId: {
    name: 'webhook-id',
    in: 'header',
    required: true,
    description: 'The event id (`msg_<ulid>`): the same on every retry and replay, so use it to drop duplicates.',
    schema: { type: 'string', pattern: '^msg_[0-9A-Za-z]+$' },
    example: 'msg_01JD3K9W0A2B4C6D8E0F2G4H6J',
  },
  WebhookTimestamp: {
    name: 'webhook-timestamp',
    in: 'header',
    required: true,
    description: 'Unix seconds when this attempt was signed; refuse messages too far from your clock (5 minutes is usual).',
    schema: { type: 'string', pattern: '^[0-9]+$' },
    example: '1795187045',
  },
  WebhookSignature: {
    name: 'webhook-signature',
    in: 'header',
    required: true,
    description:
      '`v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{raw body}">` keyed by the base64-decoded part of the subscription secret after `whsec_`. ' +
      'During a secret rotation both secrets sign, space-separated, for 24 h: accept the message when any one matches. ' +
      `The example signs the \`webhook.test\` example body with \`${EXAMPLE_SECRET}\`.`,
    schema: { type: 'string' },
    example: 'v1,bDWEjf3nl2GIKLZ9hORxWKKEhqz6uo3NIg0LtqrVhOo=',
  },
};
