import inputSchema from './subscriptionInput.schema.json' with { type: 'json' };

const { $schema: _dialect, ...input } = inputSchema;

/**
 * The one JSON Schema of a new subscription (`subscriptionInput.schema.json`):
 * the validator compiles it and the OpenAPI document embeds it.
 */
export const subscriptionInputSchema: Record<string, unknown> = input;

/** A change to a subscription: the same fields, none required, id and secret not allowed. */
export const subscriptionPatchSchema: Record<string, unknown> = {
  title: 'SubscriptionPatch',
  description: 'A change to a subscription: the fields of SubscriptionInput, all optional; id and secret cannot be changed (rotate the secret instead).',
  type: 'object',
  additionalProperties: false,
  properties: { ...input.properties, id: false, secret: false },
};
