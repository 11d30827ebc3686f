import applicationSchema from './creditApplication.schema.json' with { type: 'json' };

/**
 * The JSON Schema of `POST /applications` (and `lendwire.applications.submit`): the
 * envelope around the canonical credit application, which it references by `$id`.
 * validateSubmitRequest compiles it; the OpenAPI document embeds it.
 */
export const submitRequestSchema = {
  $id: 'https://lendwire.dev/schemas/submit-application-request.json',
  title: 'SubmitApplicationRequest',
  type: 'object',
  additionalProperties: false,
  required: ['lenderId', 'dealerId', 'application'],
  properties: {
    lenderId: { type: 'string', minLength: 1, maxLength: 63, description: 'A lender id of the manifest.' },
    dealerId: { type: 'string', minLength: 1, maxLength: 100, description: 'A dealer the caller may submit for.' },
    externalRef: { type: 'string', minLength: 1, maxLength: 100, description: "The host's own id (lead or deal id)." },
    application: { $ref: applicationSchema.$id },
  },
};

/** The canonical credit application's JSON Schema (`creditApplication.schema.json`). */
export const creditApplicationSchema: Record<string, unknown> = applicationSchema;
