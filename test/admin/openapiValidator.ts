import { expect } from 'chai';
import { createAjv } from '../../plugin/manifest/createAjv.js';
import { jsonOf, type Harness } from '../support/harness.js';

/**
 * Checks answers against the component schemas of the plugin's own
 * /openapi.json (re-rooted so a standalone validator resolves their $refs).
 */
export async function openapiValidator(h: Harness): Promise<(schema: string, body: unknown) => void> {
  const doc = await jsonOf(await h.request('/openapi.json'));
  const ajv = createAjv();
  const rewritten = JSON.parse(JSON.stringify(doc.components.schemas).replaceAll('#/components/schemas/', 'https://lendwire.dev/openapi-components.json#/$defs/'));
  ajv.addSchema({ $id: 'https://lendwire.dev/openapi-components.json', $defs: rewritten });
  return (schema, body) => {
    const validate = ajv.compile({ $ref: `https://lendwire.dev/openapi-components.json#/$defs/${schema}` });
    expect(validate(body), `${schema}: ${JSON.stringify(validate.errors)}`).to.equal(true);
  };
}
