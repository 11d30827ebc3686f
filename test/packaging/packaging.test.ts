import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHARED_FIXTURES } from '../support/sharedFixtures.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';
import { TEST_REDIS_URL, createTestRedis, type TestRedis } from '../support/testRedis.js';
import { testManifest } from '../support/testManifest.js';
import { waitFor } from '../support/waitFor.js';
import { hostLockfile, type Lockfile } from './hostLockfile.js';
import { packProject, type PackResult } from './packProject.js';
import { startHost, type RunningHost } from './startHost.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HOST_SERVER = fileURLToPath(new URL('./host/server.mjs', import.meta.url));
/** What the host brings itself (the package's peerDependencies). */
const HOST_PACKAGES = ['express', 'knex', 'pg', 'ioredis'];
const BASE_PATH = '/dms/credit';
const CALLBACK_KEY = 'packaging-callback-key-5d1c';

/** Runs npm in `cwd`; its output, or an error carrying it. */
function npm(cwd: string, args: string[]): string {
  try {
    return execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    throw new Error(`npm ${args.join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

describe('packaging: the package as published installs into a fresh Express host and runs', function () {
  // npm pack runs the build; then an offline install. Slow on a busy machine, never skipped.
  this.timeout(300_000);
  let work: string;
  let packed: PackResult;
  const hostDir = () => join(work, 'host');

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'lendwire-packaging-'));
    packed = packProject(ROOT, work);
  });
  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('packs what a host needs: compiled plugin, adapters and migrations, dashboard bundle, manifest schema, ops pack, README', () => {
    const files = new Set(packed.files);
    for (const needed of [
      'package.json',
      'README.md',
      'dist/plugin/index.js',
      'dist/plugin/index.d.ts',
      'dist/plugin/cli/lendwire.js',
      'dist/adapters/index.js',
      'dist/plugin/admin/dashboard/public/dashboard.js',
      'dist/plugin/admin/dashboard/public/index.html',
      'dist/plugin/manifest/manifest.schema.json',
      'dist/plugin/cli/scaffold/templates/lender/index.ts.tmpl',
      'dist/plugin/cli/scaffold/templates/package/package.json.tmpl',
      'ops/prometheus/lendwire.rules.yml',
      'ops/grafana/lendwire.dashboard.json',
      'docs/operations.md',
    ])
      expect(files, needed).to.include(needed);
    const migrations = packed.files.filter((f) => /^dist\/migrations\/[^/]+\.js$/.test(f));
    expect(migrations.length, 'compiled migrations').to.be.at.least(1);
  });

  it('packs nothing else: no sources, tests, source maps, demo host or build-only tools', () => {
    const unwanted = packed.files.filter(
      (f) =>
        /\.map$/.test(f) ||
        /^(test|plugin|adapters|migrations|host-example|scripts|\.ci)\//.test(f) ||
        /^dist\/host-example\//.test(f) ||
        /bundleDashboard/.test(f) ||
        (f.endsWith('.ts') && !f.endsWith('.d.ts')),
    );
    expect(unwanted).to.deep.equal([]);
  });

  it('keeps the lockfile in step with package.json (`npm ci --dry-run` in a copy)', () => {
    const copy = join(work, 'ci-check');
    mkdirSync(copy);
    for (const file of ['package.json', 'package-lock.json']) copyFileSync(join(ROOT, file), join(copy, file));
    const out = npm(copy, ['ci', '--dry-run', '--ignore-scripts', '--offline', '--no-audit', '--no-fund']);
    expect(out).to.match(/added \d+ packages/);
  });

  describe('in a fresh host app', () => {
    let db: TestDatabase;
    let redis: TestRedis;
    let host: RunningHost | undefined;

    before(async () => {
      mkdirSync(hostDir());
      copyFileSync(packed.path, join(hostDir(), packed.filename));
      copyFileSync(HOST_SERVER, join(hostDir(), 'server.mjs'));
      const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
      const lock = hostLockfile(JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as Lockfile, { file: packed.filename, integrity: packed.integrity, manifest }, HOST_PACKAGES);
      writeFileSync(join(hostDir(), 'package-lock.json'), JSON.stringify(lock, null, 2));
      writeFileSync(join(hostDir(), 'package.json'), JSON.stringify({ name: lock.name, private: true, type: 'module', dependencies: lock.packages[''].dependencies }, null, 2));
      // The npm cache only: no registry. lendwire needs no install script (ssh2's optional native speed-up is skipped).
      npm(hostDir(), ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund']);
      db = await createTestDatabase();
      redis = await createTestRedis();
      const lendwireManifest = testManifest({ lenders: [{ id: 'westlake', adapter: 'apptraker', callbacks: { apiKey: { env: 'PACKAGING_CALLBACK_KEY' } } }] });
      writeFileSync(join(hostDir(), 'lendwire.manifest.json'), JSON.stringify(lendwireManifest));
      host = await startHost(
        hostDir(),
        {
          DATABASE_URL: db.url,
          REDIS_URL: TEST_REDIS_URL,
          LENDWIRE_QUEUE_PREFIX: redis.prefix,
          LENDWIRE_MANIFEST: 'lendwire.manifest.json',
          PACKAGING_CALLBACK_KEY: CALLBACK_KEY,
          BASE_PATH,
        },
        60_000,
      );
    });
    after(async () => {
      await host?.stop();
      await redis?.cleanup();
      await db?.drop();
    });

    it('installs the tarball beside the host’s own express, knex, pg and ioredis (one copy of each: peers)', () => {
      const installed = JSON.parse(readFileSync(join(hostDir(), 'node_modules/lendwire/package.json'), 'utf8'));
      expect(installed.version).to.equal(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
      for (const name of HOST_PACKAGES) {
        expect(existsSync(join(hostDir(), 'node_modules', name, 'package.json')), name).to.equal(true);
        expect(existsSync(join(hostDir(), 'node_modules/lendwire/node_modules', name)), `a second ${name} inside lendwire`).to.equal(false);
      }
      // The manifest's JSON Schema, for hosts' editors and checks, is an export of the package.
      const schemaPath = createRequire(join(hostDir(), 'package.json')).resolve('lendwire/manifest.schema.json');
      expect(JSON.parse(readFileSync(schemaPath, 'utf8'))).to.have.property('properties').that.has.property('lenders');
    });

    it(`runs mounted under ${BASE_PATH}: migrated, health 200, the host's own routes untouched`, async () => {
      const base = `http://127.0.0.1:${host!.port}`;
      const health = await fetch(`${base}${BASE_PATH}/health`);
      expect(health.status, host!.stderr()).to.equal(200);
      const migrations = await db.knex.withSchema('lendwire').table('lendwire_migrations').count({ n: '*' });
      expect(Number(migrations[0].n)).to.be.at.least(1);
      expect((await fetch(`${base}/lendwire/health`)).status).to.equal(404);
      expect(await (await fetch(`${base}/`)).json()).to.deep.equal({ host: true });
    });

    it('stores one lender callback and processes it', async () => {
      const body = readFileSync(join(SHARED_FIXTURES, 'apptraker/01-stage1-processed.json'));
      const res = await fetch(`http://127.0.0.1:${host!.port}${BASE_PATH}/callbacks/westlake`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': CALLBACK_KEY },
        body,
      });
      expect(res.status, await res.clone().text()).to.equal(200);
      const { id } = (await res.json()) as { id: string };
      const row = await waitFor(
        async () => {
          const r = await db.knex.withSchema('lendwire').table('raw_callbacks').where({ id }).first();
          return r && r.process_status !== 'pending' ? r : undefined;
        },
        20_000,
        'the callback to be processed',
      );
      expect(Buffer.from(row.body).equals(body)).to.equal(true);
      expect(row.parse_status).to.equal('parsed');
      expect(row.process_status).to.not.equal('failed');
    });
  });
});
