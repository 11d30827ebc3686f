import { expect } from 'chai';
import SwaggerParser from '@apidevtools/swagger-parser';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { jsonOf, type Harness } from '../support/harness.js';
import { createAdminHarness } from './adminFixtures.js';
import { openapiValidator } from './openapiValidator.js';

/** Every `$ref` in a JSON value, with where it is. */
function refsIn(value: unknown, at = '#'): { at: string; ref: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => refsIn(v, `${at}/${i}`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [{ at, ref: v }] : refsIn(v, `${at}/${k}`)));
}

/** Every key named `key` anywhere under `value`, by path. */
function keysNamed(key: string, value: unknown, at = '#'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => keysNamed(key, v, `${at}/${i}`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [...(k === key ? [`${at}/${k}`] : []), ...keysNamed(key, v, `${at}/${k}`)]);
}

describe('OpenAPI document with the tools a host team runs', () => {
  let h: Harness;
  let text: string;
  before(async () => {
    h = await createAdminHarness();
    const res = await h.request('/openapi.json');
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^application\/json/);
    text = await res.text();
  });
  after(async () => {
    await h?.close();
  });

  it('is valid to @apidevtools/swagger-parser and dereferences completely', async () => {
    const validated = await SwaggerParser.validate(JSON.parse(text));
    expect(validated.info.title).to.equal('lendwire');
    const dereferenced = await SwaggerParser.dereference(JSON.parse(text));
    // Dereferenced, no reference is left, and the credit application's nested parts are reachable inline.
    const op = (dereferenced as unknown as { paths: Record<string, Record<string, { requestBody: { content: Record<string, { schema: { oneOf: { properties: Record<string, { properties: Record<string, unknown> }> }[] } }> } }>> }).paths['/applications'].post;
    // A credit application or (for a broker lender) a customer journey.
    const [submit, journey] = op.requestBody.content['application/json'].schema.oneOf;
    expect(journey.properties).to.have.property('journey');
    const application = submit.properties.application;
    expect(application.properties.applicant).to.have.nested.property('properties.residence.properties.address.properties.state.enum');
    const webhook = (dereferenced as unknown as { webhooks: Record<string, { post: { parameters: { name: string }[] } }> }).webhooks['application.status_changed'].post;
    expect(webhook.parameters.map((p) => p.name)).to.deep.equal(['webhook-id', 'webhook-timestamp', 'webhook-signature']);
  });

  it('lints with Redocly (recommended ruleset) without errors', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: text, absoluteRef: `${h.url}/openapi.json`, config });
    const errors = problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
    expect(errors).to.deep.equal([]);
    // The examples the document shows must be valid for their own schemas.
    const badExamples = problems.filter((p) => /example/i.test(p.ruleId)).map((p) => `${p.message} at ${p.location[0]?.pointer}`);
    expect(badExamples).to.deep.equal([]);
  });

  it('bundles every schema into components/schemas: no $id-scoped references, no $defs, $id or $schema left', () => {
    const doc = JSON.parse(text);
    const refs = refsIn(doc);
    expect(refs.length).to.be.greaterThan(100);
    const elsewhere = refs.filter(({ ref }) => !/^#\/components\/(schemas|parameters)\/[A-Za-z0-9._-]+$/.test(ref));
    expect(elsewhere, 'references that do not name a component').to.deep.equal([]);
    for (const { at, ref } of refs) {
      const [, kind, name] = ref.split('/').slice(1);
      expect(doc.components[kind], `${ref} at ${at}`).to.have.property(name);
    }
    for (const key of ['$defs', '$id', '$schema']) expect(keysNamed(key, doc), key).to.deep.equal([]);
    // The credit application's parts are components of their own.
    for (const part of ['CreditApplication', 'Person', 'Address', 'Vehicle', 'Deal', 'Employment', 'Money']) expect(doc.components.schemas).to.have.property(part);
    expect(doc.components.schemas.SubmitApplicationRequest.properties.application).to.deep.equal({ $ref: '#/components/schemas/CreditApplication' });
  });

  it('gives every operation a unique operationId (what generated clients name their methods after)', () => {
    const doc = JSON.parse(text);
    const ops = [...Object.values<Record<string, { operationId?: string }>>(doc.paths), ...Object.values<Record<string, { operationId?: string }>>(doc.webhooks)].flatMap((item) => Object.values(item));
    const ids = ops.map((op) => op.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[A-Za-z][A-Za-z0-9]*$/.test(id)), JSON.stringify(ids)).to.equal(true);
    expect(new Set(ids).size).to.equal(ids.length);
  });

  it('shows examples the real API agrees with: the submission example is accepted, its answer fits the documented one', async () => {
    const doc = JSON.parse(text);
    const check = await openapiValidator(h);
    const submit = doc.paths['/applications'].post;
    const example = submit.requestBody.content['application/json'].example;
    check('SubmitApplicationRequest', example);
    const res = await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: example });
    const answer = await jsonOf(res);
    expect(res.status, JSON.stringify(answer)).to.equal(202);
    check('SubmitApplicationAccepted', answer);
    check('SubmitApplicationAccepted', submit.responses['202'].content['application/json'].example);

    const invalid = await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: { ...example, application: { ...example.application, vehicle: { ...example.application.vehicle, vin: 'SHORT' } } } });
    expect(invalid.status).to.equal(422);
    const problem = await jsonOf(invalid);
    check('Problem', problem);
    const shown = submit.responses['422'].content['application/problem+json'].example;
    check('Problem', shown);
    expect(shown.type).to.equal(problem.type);
    expect(problem.errors.map((e: { path: string }) => e.path)).to.include('/application/vehicle/vin');
  });
});
