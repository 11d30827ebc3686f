import { expect } from 'chai';
import type { Application } from 'express';
import { createHarness, jsonOf, type Harness } from '../support/harness.js';
import { registerBuiltInAdapters } from '../../adapters/index.js';
import { createAjv } from '../../plugin/manifest/createAjv.js';
import { adminAuth, adminManifest, seedApplication, seedDelivery, testSealer } from './adminFixtures.js';
import { subscriptionInputSchema, subscriptionPatchSchema } from '../../plugin/webhooks/subscriptionSchemas.js';
import { submitRequestSchema } from '../../plugin/applications/submitRequestSchema.js';

interface LayerLike {
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: LayerLike[] };
  rawPath?: string;
}

/** Every route the plugin's Express router really serves, as "METHOD /path/{param}". */
function realRoutes(app: Application): string[] {
  const out: string[] = [];
  const walk = (stack: LayerLike[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) {
          if (method === '_all') continue;
          out.push(`${method.toUpperCase()} ${(prefix + layer.route.path).replace(/:([A-Za-z]+)/g, '{$1}')}`);
        }
      } else if (layer.handle?.stack) {
        const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  walk((app as unknown as { router: { stack: LayerLike[] } }).router.stack, '');
  return [...new Set(out)].filter((r) => !r.includes('/admin/assets/')).sort();
}

describe('OpenAPI document', () => {
  let h: Harness;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let doc: any;
  before(async () => {
    h = await createHarness({ manifest: adminManifest(), register: registerBuiltInAdapters, extra: { auth: adminAuth } });
    const app = await seedApplication(h.db.knex, testSealer(), { dealerId: 'dealer-1', externalRef: 'LEAD-9' });
    await seedDelivery(h.db.knex, app, { status: 'dead_lettered' });
    const res = await h.request('/openapi.json');
    expect(res.status).to.equal(200);
    doc = await jsonOf(res);
  });
  after(async () => {
    await h?.close();
  });

  it('is an OpenAPI 3.1 document whose every $ref resolves and every path parameter is declared', () => {
    expect(doc.openapi).to.equal('3.1.0');
    expect(doc.info.version).to.match(/^\d+\.\d+\.\d+/);
    const refs = JSON.stringify(doc).match(/"\$ref":"#\/components\/schemas\/[^"]+"/g) ?? [];
    for (const ref of refs) {
      const name = ref.split('/').pop()!.replace('"', '');
      expect(doc.components.schemas, ref).to.have.property(name);
    }
    for (const [path, ops] of Object.entries<Record<string, { parameters?: { in: string; name: string }[]; responses: object }>>(doc.paths)) {
      const declared = (path.match(/\{(\w+)\}/g) ?? []).map((p) => p.slice(1, -1));
      for (const [method, op] of Object.entries(ops)) {
        const params = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
        expect(params.sort(), `${method} ${path}`).to.deep.equal(declared.sort());
        expect(Object.keys(op.responses).length, `${method} ${path}`).to.be.greaterThan(0);
      }
    }
  });

  it('documents exactly the API routes the plugin serves (dealer, callback, operations and admin APIs; not its HTML pages)', () => {
    const documented = Object.entries<object>(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    // Pages for people, not API operations (a generated client has no use for them); the document names them in info.description.
    const pages = ['GET /admin/', 'GET /docs', 'GET /docs/docs.css'];
    const all = realRoutes(h.lendwire.router);
    expect(all).to.include.members(pages);
    const real = all.filter((r) => !pages.includes(r));
    expect(real.length).to.be.greaterThan(20);
    expect(real.filter((r) => !documented.includes(r)), 'served but not documented').to.deep.equal([]);
    expect(documented.filter((r) => !real.includes(r)), 'documented but not served').to.deep.equal([]);
    for (const area of ['POST /applications', 'POST /callbacks/{lenderId}', 'GET /admin/api/applications', 'GET /health']) expect(documented).to.include(area);
  });

  it('protects every documented admin operation: 401 without credentials', async () => {
    for (const [path, ops] of Object.entries<object>(doc.paths)) {
      if (!path.startsWith('/admin/api/')) continue;
      for (const method of Object.keys(ops)) {
        const res = await h.request(path.replace(/\{\w+\}/g, 'x1'), { method: method.toUpperCase() });
        expect(res.status, `${method} ${path}`).to.equal(401);
        expect(Object.keys((ops as Record<string, { responses: object }>)[method].responses)).to.include('401');
      }
    }
  });

  it('documents request bodies with the very schemas the validators compile', () => {
    expect(doc.components.schemas.SubscriptionInput).to.deep.equal(subscriptionInputSchema);
    const { $id: _id, ...submit } = submitRequestSchema;
    expect(doc.components.schemas.SubmitApplicationRequest).to.deep.equal({ ...submit, properties: { ...submit.properties, application: { $ref: '#/components/schemas/CreditApplication' } } });
    expect(doc.components.schemas.SubscriptionPatch).to.deep.equal(subscriptionPatchSchema);
    expect(doc.paths['/admin/api/subscriptions'].post.requestBody.content['application/json'].schema.$ref).to.equal('#/components/schemas/SubscriptionInput');
    expect(doc.paths['/admin/api/subscriptions/{id}'].patch.requestBody.content['application/json'].schema.$ref).to.equal('#/components/schemas/SubscriptionPatch');
  });

  it('describes what the real admin answers look like', async () => {
    const ajv = createAjv();
    const check = async (path: string, schema: string) => {
      const res = await h.request(path, { token: 'admin-token' });
      expect(res.status, path).to.equal(200);
      const body = await jsonOf(res);
      // Component refs point at #/components/schemas; re-root them for a standalone validator.
      const validate = ajv.compile({ $ref: `https://lendwire.dev/openapi-components.json#/$defs/${schema}` });
      expect(validate(body), `${path}: ${JSON.stringify(validate.errors)}`).to.equal(true);
    };
    const rewritten = JSON.parse(JSON.stringify(doc.components.schemas).replaceAll('#/components/schemas/', 'https://lendwire.dev/openapi-components.json#/$defs/'));
    ajv.addSchema({ $id: 'https://lendwire.dev/openapi-components.json', $defs: rewritten });
    await check('/admin/api/applications', 'ApplicationPage');
    const first = await jsonOf(await h.request('/admin/api/applications', { token: 'admin-token' }));
    await check(`/admin/api/applications/${first.items[0].id}`, 'ApplicationDetail');
    await check(`/admin/api/applications/${first.items[0].id}/timeline`, 'Timeline');
    await check('/admin/api/deliveries', 'DeliveryPage');
    await check('/admin/api/overview', 'Overview');
    await check('/admin/api/audit', 'AuditPage');
    await check('/admin/api/me', 'Me');
    await check('/admin/api/crm-targets', 'CrmTargetList');
  });
});
