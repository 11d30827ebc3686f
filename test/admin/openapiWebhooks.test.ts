import { expect } from 'chai';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Webhook } from 'standardwebhooks';
import { EVENT_TYPES, REACTIVATION_EVENT_TYPES } from '../../plugin/events/eventTypes.js';
import manifestSchema from '../../plugin/manifest/manifest.schema.json' with { type: 'json' };
import { CALLBACK_NOTICE_TYPES } from '../../plugin/sdk/LenderCallbacks.js';
import { EXAMPLE_SECRET } from '../../plugin/admin/openapi/webhookHeaders.js';
import { jsonOf, type Harness } from '../support/harness.js';
import { createAdminHarness, waitFor, WEBHOOK_SECRET } from './adminFixtures.js';
import { openapiValidator } from './openapiValidator.js';

const PLUGIN = fileURLToPath(new URL('../../plugin/', import.meta.url));

/** Every .ts file under plugin/, with its text. */
function pluginSources(dir = PLUGIN): { file: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return pluginSources(path);
    return entry.name.endsWith('.ts') ? [{ file: path.slice(PLUGIN.length), text: readFileSync(path, 'utf8') }] : [];
  });
}

/**
 * The event types the code names where it writes events: in files that call
 * appendEvent or recordTransition or write the outbox table, the string literals
 * of `type:`, `eventType:`, `event_type:` values and of `EventType` constants.
 */
function eventTypesInCode(): { types: Set<string>; files: string[] } {
  const types = new Set<string>();
  const files: string[] = [];
  for (const { file, text } of pluginSources()) {
    if (!/appendEvent\(|recordTransition\(|emitNoticeOnce\(|events\.defer\(|table\('outbox'\)/.test(text)) continue;
    files.push(file);
    for (const m of text.matchAll(/\b(?:type|eventType|event_type)\s*:\s*([^,}\n]*)|:\s*EventType\s*=\s*([^;\n]*)/g)) {
      const expression = m[1] ?? m[2];
      for (const [, literal] of expression.matchAll(/'([a-z_]+(?:\.[a-z_]+)+)'/g)) types.add(literal);
    }
    // emitNoticeOnce(knex, schema, notice, app, 'the.type', data)
    for (const [, literal] of text.matchAll(/emitNoticeOnce\([^;]*?'([a-z_]+(?:\.[a-z_]+)+)'/g)) types.add(literal);
  }
  return { types, files };
}

describe('OpenAPI webhooks: every event lendwire sends', () => {
  let h: Harness;
  let receiver: Server;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let doc: any;
  const received: { headers: Record<string, string>; body: string }[] = [];
  before(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    h = await createAdminHarness(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`);
    doc = await jsonOf(await h.request('/openapi.json'));
  });
  after(async () => {
    await h?.close();
    receiver?.closeAllConnections();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('has one webhooks entry per event type, and the list names every type the code writes', () => {
    expect(Object.keys(doc.webhooks).sort()).to.deep.equal([...EVENT_TYPES].sort());
    const { types, files } = eventTypesInCode();
    expect(files.length, 'files that write events').to.be.greaterThan(10);
    // The scan itself must see the emitters it is meant to watch.
    for (const known of ['application.status_changed', 'application.idle', 'endpoint.disabled', 'alert.resolved', 'webhook.test']) expect([...types]).to.include(known);
    const unlisted = [...types].filter((t) => !(EVENT_TYPES as readonly string[]).includes(t));
    expect(unlisted, 'event types written by the code but missing from EVENT_TYPES (plugin/events/eventTypes.ts)').to.deep.equal([]);
    // ...and no listed type that nothing writes (notices are emitted with the type the lender adapter gives,
    // the playbook's with the type its manifest step names: the schema's list of those must be ours).
    const playbook = (manifestSchema as { $defs: { reactivation: { properties: { steps: { items: { properties: { event: { enum: string[] } } } } } } } }).$defs.reactivation.properties.steps.items.properties.event.enum;
    expect(playbook).to.deep.equal([...REACTIVATION_EVENT_TYPES]);
    const unused = EVENT_TYPES.filter((t) => !types.has(t) && !(CALLBACK_NOTICE_TYPES as readonly string[]).includes(t) && !(REACTIVATION_EVENT_TYPES as readonly string[]).includes(t));
    expect(unused, 'listed but never written').to.deep.equal([]);
  });

  it('describes each event: envelope + data schema, the Standard Webhooks headers, an example that fits', async () => {
    const check = await openapiValidator(h);
    for (const type of EVENT_TYPES) {
      const post = doc.webhooks[type].post;
      expect(post.summary, type).to.be.a('string').and.not.equal('');
      expect(post.parameters.map((p: { $ref: string }) => doc.components.parameters[p.$ref.split('/').pop()!].name)).to.deep.equal(['webhook-id', 'webhook-timestamp', 'webhook-signature']);
      const media = post.requestBody.content['application/json'];
      const schemaName = media.schema.$ref.split('/').pop();
      expect(doc.components.schemas[schemaName].properties.type).to.deep.equal({ const: type });
      expect(media.example.type).to.equal(type);
      check(schemaName, media.example);
      expect(() => check(schemaName, { ...media.example, type: 'something.else' }), `${type}: a wrong type must not fit`).to.throw();
      expect(Object.keys(post.responses)).to.include.members(['2XX', '410']);
    }
  });

  it('signs its example as Standard Webhooks does: the standardwebhooks library makes the same signature', () => {
    const { WebhookId, WebhookTimestamp, WebhookSignature } = doc.components.parameters;
    const body = JSON.stringify(doc.webhooks['webhook.test'].post.requestBody.content['application/json'].example);
    const signed = new Webhook(EXAMPLE_SECRET).sign(WebhookId.example, new Date(Number(WebhookTimestamp.example) * 1000), body);
    expect(WebhookSignature.example).to.equal(signed);
    expect(WebhookSignature.description).to.include(EXAMPLE_SECRET);
  });

  it('matches what a real receiver gets: signed envelopes whose data fit the documented schemas', async () => {
    const check = await openapiValidator(h);
    const example = doc.paths['/applications'].post.requestBody.content['application/json'].example;
    expect((await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: example })).status).to.equal(202);
    expect((await h.request('/admin/api/subscriptions/partner/test', { method: 'POST', token: 'admin-token' })).status).to.equal(202);
    const types = () => received.map((r) => JSON.parse(r.body).type as string);
    await waitFor(() => types().includes('webhook.test') && types().includes('application.status_changed'), 15_000, 'the test event and the first status change');
    const verifier = new Webhook(WEBHOOK_SECRET);
    for (const { headers, body } of received) {
      const envelope = JSON.parse(body);
      expect(() => verifier.verify(body, headers), envelope.type).not.to.throw();
      const component = `${envelope.type.split(/[._]/).map((w: string) => w[0].toUpperCase() + w.slice(1)).join('')}Event`;
      expect(doc.components.schemas, envelope.type).to.have.property(component);
      check(component, envelope);
      check('WebhookEvent', envelope);
    }
  });
});
