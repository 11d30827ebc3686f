import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { createLendwire, ConfigurationError, type FieldProblem, type Lendwire, type LenderAdapter } from '../../plugin/index.js';
import { createAjv, describeAjvErrors, combinedManifestSchema } from '../../plugin/manifest/index.js';
import { registerBuiltInAdapters } from '../../adapters/index.js';
import { manifestSchemaFor, manifestSchemaText } from '../../plugin/cli/manifestSchemaFor.js';
import { testManifest } from '../support/testManifest.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';
import { createTestRedis, type TestRedis } from '../support/testRedis.js';

const secret = { env: 'LW_TEST_ADAPTER_SETTINGS' };
const link = { property: 'lendwire_application_id' };

let db: TestDatabase;
let redis: TestRedis;

/** What start() refuses the manifest with, the given adapters registered. */
async function startProblems(manifest: Record<string, unknown>, register: (lw: Lendwire) => void = registerBuiltInAdapters): Promise<FieldProblem[]> {
  const lw = await createLendwire({ manifest, knex: db.knex, redis: redis.redis, auth: () => null, queuePrefix: redis.prefix, logger: pino({ level: 'silent' }) });
  register(lw);
  // No migrate(): the adapter checks come first at start, before the database is looked at.
  const err = await lw.start().then(
    () => undefined,
    (e: unknown) => e,
  );
  await lw.stop();
  expect(err, 'start() must refuse').to.be.instanceOf(ConfigurationError);
  expect((err as ConfigurationError).message).to.match(/^The manifest has adapter settings their adapters do not accept:\n/);
  return (err as ConfigurationError).problems;
}

describe('adapters own their manifest settings', () => {
  before(async () => {
    process.env.LW_TEST_ADAPTER_SETTINGS = 'not-a-real-secret';
    db = await createTestDatabase();
    redis = await createTestRedis();
  });
  after(async () => {
    delete process.env.LW_TEST_ADAPTER_SETTINGS;
    await redis.cleanup();
    await db.drop();
  });

  it('reports every wrong adapter-specific key by manifest path at start, and leaves the core keys alone', async () => {
    const problems = await startProblems(
      testManifest({
        lenders: [
          { id: 'westlake', adapter: 'apptraker', callbacks: { apiKye: secret, maxBodyBytes: 2048 } },
          { id: 'sunhaven', adapter: 'broker', credentials: { apiKy: secret }, callbacks: { secret, maxAgeSeconds: 'five', retailerName: 'Sunhaven' } },
        ],
        crm: [
          { id: 'hs', adapter: 'hubspot', credentials: { accesToken: secret }, link },
          { id: 'sf', adapter: 'salesforce', baseUrl: 'https://acme.my.salesforce.com', credentials: { clientId: secret, clientSecret: secret }, link: { property: 'X__c', initialStage: 'New' }, options: { apiVersion: '62' } },
        ],
        subscriptions: [{ id: 'partner', url: 'https://partner.example.com/hook', events: ['*'], transportSettings: { folder: '/in' } }],
      }),
    );
    expect(problems).to.deep.equal([
      { path: '/lenders/0/callbacks/apiKye', message: 'is not a known property' },
      { path: '/lenders/1/callbacks/maxAgeSeconds', message: 'must be integer' },
      { path: '/lenders/1/credentials/apiKy', message: 'is not a known property' },
      { path: '/crm/0/credentials/accesToken', message: 'is not a known property' },
      { path: '/crm/1/options/apiVersion', message: 'must match pattern "^v[0-9]+\\.[0-9]+$"' },
      { path: '/subscriptions/0/transportSettings/folder', message: 'is not a known property' },
    ]);
  });

  it("runs an enabled lender's checkConfig once its schema passed: appTRAKER needs credentials.apiKey to submit", async () => {
    const problems = await startProblems(
      testManifest({
        lenders: [
          { id: 'westlake', adapter: 'apptraker', submission: { url: 'https://lender.example.com/apps' } },
          { id: 'dormant', adapter: 'apptraker', enabled: false, submission: { url: 'https://lender.example.com/apps' } },
          { id: 'callbacks-only', adapter: 'apptraker', callbacks: { apiKey: secret } },
        ],
      }),
    );
    expect(problems).to.deep.equal([{ path: '/lenders/0/credentials/apiKey', message: 'is required when submission.url is set: appTRAKER submissions send it in X-API-KEY' }]);
  });

  it("checks a partner adapter's schema (with its own $defs and the manifest's secretRef) and names an adapter whose schema does not compile", async () => {
    const partner: LenderAdapter = {
      id: 'acme',
      configSchema: {
        type: 'object',
        additionalProperties: false,
        $defs: { branch: { type: 'string', pattern: '^[0-9]{4}$' } },
        properties: {
          credentials: { type: 'object', additionalProperties: false, required: ['token'], properties: { token: { $ref: 'https://lendwire.dev/schemas/plugin.manifest.json#/$defs/secretRef' } } },
          options: { type: 'object', additionalProperties: false, properties: { branch: { $ref: '#/$defs/branch' } } },
        },
      },
    };
    const broken: LenderAdapter = { id: 'broken', configSchema: { type: 'object', properties: { options: { $ref: '#/$defs/nowhere' } } } };
    const problems = await startProblems(
      testManifest({
        lenders: [
          { id: 'a', adapter: 'acme', credentials: { other: secret }, options: { branch: '12' } },
          { id: 'b', adapter: 'acme', credentials: { token: secret }, options: { branch: '0042' } },
          { id: 'c', adapter: 'broken' },
        ],
      }),
      (lw) => {
        lw.registerLenderAdapter(partner);
        lw.registerLenderAdapter(broken);
      },
    );
    expect(problems.slice(0, 3)).to.deep.equal([
      { path: '/lenders/0/credentials/token', message: 'is required' },
      { path: '/lenders/0/credentials/other', message: 'is not a known property' },
      { path: '/lenders/0/options/branch', message: 'must match pattern "^[0-9]{4}$"' },
    ]);
    expect(problems.slice(3).map((p) => p.path)).to.deep.equal(['/lenders/2/adapter']);
    expect(problems[3].message).to.match(/^"broken" has a settings schema that is not valid JSON Schema: .*nowhere/);
  });

  it('checks adapters made by a factory (an equal schema with an $id each time) in every lendwire of the process', async () => {
    const make = (): LenderAdapter => ({ id: 'made', configSchema: { $id: 'https://partner.example.com/made.settings.json', type: 'object', additionalProperties: false, properties: { options: { type: 'object', additionalProperties: false } } } });
    for (let i = 0; i < 2; i += 1) {
      const problems = await startProblems(testManifest({ lenders: [{ id: 'm', adapter: 'made', options: { colour: 'red' } }] }), (lw) => lw.registerLenderAdapter(make()));
      expect(problems).to.deep.equal([{ path: '/lenders/0/options/colour', message: 'is not a known property' }]);
    }
  });

  it('keeps adapter-specific keys out of the core manifest schema', () => {
    const core = readFileSync('plugin/manifest/manifest.schema.json', 'utf8');
    const combined = manifestSchemaFor(registerBuiltInAdapters) as { $defs: Record<string, { allOf?: { then: { properties: Record<string, { properties?: object }> } }[] }> };
    // Every key a built-in adapter declares, besides the core's own (callbacks.maxBodyBytes) ...
    const declared = new Set<string>();
    for (const def of Object.values(combined.$defs)) {
      for (const branch of def.allOf ?? []) for (const slot of Object.values(branch.then.properties)) for (const key of Object.keys(slot?.properties ?? {})) declared.add(key);
    }
    declared.delete('maxBodyBytes');
    expect([...declared]).to.include.members(['apiKey', 'secret', 'maxAgeSeconds', 'retailerName', 'accessToken', 'clientId', 'clientSecret', 'apiToken', 'apiVersion', 'sobject']);
    // ... is named nowhere in the core schema, except "secret", which is a subscription's own key.
    for (const key of declared) {
      const uses = core.match(new RegExp(`"${key}"`, 'g'))?.length ?? 0;
      expect(uses, `core schema names "${key}"`).to.equal(key === 'secret' ? 1 : 0);
    }
    expect(JSON.parse(core).$defs.subscription.properties.secret, 'the one "secret" is the subscription signing secret').to.deep.equal({ $ref: '#/$defs/secretRef' });
    for (const name of ['apptraker', 'broker', 'hubspot', 'salesforce', 'pipedrive']) expect(core.toLowerCase(), `core schema mentions ${name}`).not.to.contain(name);
  });

  it('plugin.manifest.schema.json is what `npx lendwire manifest-schema` writes (run it after changing an adapter schema)', () => {
    expect(readFileSync('plugin.manifest.schema.json', 'utf8'), 'plugin.manifest.schema.json is stale').to.equal(manifestSchemaText(registerBuiltInAdapters));
    expect(JSON.parse(readFileSync('plugin.manifest.json', 'utf8')).$schema).to.equal('./plugin.manifest.schema.json');
  });

  it('`lendwire manifest-schema --out <file>` writes the combined schema of the built-in adapters', async function () {
    this.timeout(30_000);
    const dir = mkdtempSync(join(tmpdir(), 'lw-schema-'));
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'plugin/cli/lendwire.ts', 'manifest-schema', '--out', join(dir, 'schema.json')]);
      expect(stdout.trim()).to.equal(`wrote ${join(dir, 'schema.json')}`);
      expect(readFileSync(join(dir, 'schema.json'), 'utf8')).to.equal(readFileSync('plugin.manifest.schema.json', 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets editors see what the loader sees: the example manifest passes the combined schema, a misspelt adapter key does not', () => {
    const validate = createAjv().compile(JSON.parse(readFileSync('plugin.manifest.schema.json', 'utf8')));
    const example = JSON.parse(readFileSync('plugin.manifest.json', 'utf8'));
    expect(validate(example), JSON.stringify(validate.errors)).to.equal(true);
    example.lenders[1].callbacks.maxAgeSecs = 300;
    example.crm[1].options = { apiVersion: 'v62.0', sobject: 'Deal__c', region: 'eu' };
    example.subscriptions[0].transportSettings = { folder: '/in' };
    expect(validate(example)).to.equal(false);
    expect(describeAjvErrors(validate.errors)).to.deep.equal([
      { path: '/lenders/1/callbacks/maxAgeSecs', message: 'is not a known property' },
      { path: '/subscriptions/0/transportSettings/folder', message: 'is not a known property' },
      { path: '/crm/1/options/region', message: 'is not a known property' },
    ]);
  });

  it('applies a transport schema to subscriptions that leave the transport to its default', () => {
    const schema = combinedManifestSchema([{ kind: 'subscription', id: 'webhook', configSchema: { type: 'object', additionalProperties: false } }]) as { $defs: { subscription: { allOf: { if: Record<string, unknown> }[] } } };
    expect(schema.$defs.subscription.allOf[0].if).to.deep.equal({ properties: { transport: { const: 'webhook' } } });
    const other = combinedManifestSchema([{ kind: 'subscription', id: 'sftp', configSchema: { type: 'object' } }]) as typeof schema;
    expect(other.$defs.subscription.allOf[0].if).to.deep.equal({ properties: { transport: { const: 'sftp' } }, required: ['transport'] });
  });
});
