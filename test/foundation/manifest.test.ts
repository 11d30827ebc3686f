import { expect } from 'chai';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseManifest, loadManifestFile, ConfigurationError } from '../../plugin/index.js';
import { SecretResolver } from '../../plugin/manifest/SecretResolver.js';
import { testManifest } from '../support/testManifest.js';

function problemsOf(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigurationError);
    return (err as ConfigurationError).problems;
  }
  expect.fail('expected a ConfigurationError');
}

describe('manifest loading', () => {
  it('accepts the example plugin.manifest.json and fills defaults', () => {
    const manifest = loadManifestFile('plugin.manifest.json');
    expect(manifest.lenders.map((l) => l.id)).to.include('westlake');
    expect(manifest.lenders[0].submission?.timeoutMs).to.equal(30000);
    expect(manifest.lenders[0].rateLimit.perDealerPerHour).to.equal(100);
    expect(manifest.runtime.shutdownTimeoutMs).to.equal(10000);
  });

  it('reports every problem of a broken manifest with its JSON path, in one error', () => {
    const broken = {
      name: '',
      hostApi: '^1.0.0',
      lenders: [{ id: 'Bad Id', adapter: 'apptraker', submission: { url: 'not a url', timeoutMs: 5 } }],
      subscriptions: [{ id: 'x', url: 'https://ok.example', events: [], signature: 'md5' }],
      surprise: true,
    };
    const problems = problemsOf(() => parseManifest(broken));
    const paths = problems.map((p) => p.path);
    expect(paths).to.include.members([
      '/version',
      '/name',
      '/surprise',
      '/lenders/0/id',
      '/lenders/0/submission/url',
      '/lenders/0/submission/timeoutMs',
      '/subscriptions/0/events',
    ]);
    // Signature schemes are pluggable: "md5" is refused at start() unless registered (test/delivery/signatureSchemes.test.ts).
    expect(paths).not.to.include('/subscriptions/0/signature');
    try {
      parseManifest(broken);
    } catch (err) {
      expect((err as Error).message).to.contain('/lenders/0/submission/url').and.to.contain('/surprise');
    }
  });

  it('refuses duplicate ids and names the first occurrence', () => {
    const problems = problemsOf(() =>
      parseManifest(
        testManifest({
          lenders: [
            { id: 'westlake', adapter: 'apptraker' },
            { id: 'westlake', adapter: 'apptraker' },
          ],
        }),
      ),
    );
    expect(problems).to.deep.include({ path: '/lenders/1/id', message: 'duplicates the id "westlake" of /lenders/0' });
  });

  it('refuses a hostApi range this build does not satisfy, and a range that is not semver', () => {
    expect(problemsOf(() => parseManifest(testManifest({ hostApi: '^2.0.0' })))[0]).to.deep.include({ path: '/hostApi' });
    expect(problemsOf(() => parseManifest(testManifest({ hostApi: 'whenever' })))[0].message).to.contain('not a semver range');
  });

  it('checks that the active encryption key exists', () => {
    const problems = problemsOf(() => parseManifest(testManifest({ security: { encryption: { activeKeyId: 'k2', keys: { k1: { env: 'X' } } } } })));
    expect(problems.map((p) => p.path)).to.deep.equal(['/security/encryption/activeKeyId']);
  });

  it('names every missing secret with its manifest path, and resolves env and file secrets', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lw-secrets-'));
    writeFileSync(join(dir, 'key.txt'), 'file-secret\n');
    process.env.LW_TEST_PRESENT = 'env-secret';
    const manifest = parseManifest(
      testManifest({
        lenders: [
          {
            id: 'westlake',
            adapter: 'apptraker',
            credentials: { apiKey: { env: 'LW_TEST_PRESENT' }, other: { file: 'key.txt' } },
            callbacks: { apiKey: { env: 'LW_TEST_MISSING_ONE' }, secret: { file: 'nope.txt' } },
          },
        ],
      }),
    );
    const resolver = new SecretResolver(dir);
    const problems = problemsOf(() => resolver.resolveAll(manifest));
    expect(problems.map((p) => p.path)).to.deep.equal(['/lenders/0/callbacks/apiKey', '/lenders/0/callbacks/secret']);
    expect(problems[0].message).to.contain('LW_TEST_MISSING_ONE');
    expect(problems[1].message).to.contain('nope.txt');
    expect(resolver.reveal({ env: 'LW_TEST_PRESENT' })).to.equal('env-secret');
    expect(resolver.reveal({ file: 'key.txt' })).to.equal('file-secret');
  });

  it('tells which file is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lw-manifest-'));
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ "name": ');
    expect(() => loadManifestFile(file)).to.throw(ConfigurationError, /broken\.json is not valid JSON/);
  });

  it('ships a JSON Schema the example manifest points at', () => {
    const manifest = JSON.parse(readFileSync('plugin.manifest.json', 'utf8'));
    const schema = JSON.parse(readFileSync(manifest.$schema, 'utf8'));
    expect(schema.$schema).to.equal('https://json-schema.org/draft/2020-12/schema');
    expect(schema.properties).to.include.keys(
      '$schema', 'name', 'version', 'hostApi', 'basePath', 'lenders', 'subscriptions', 'crm', 'security', 'retention', 'runtime',
    );
  });
});
