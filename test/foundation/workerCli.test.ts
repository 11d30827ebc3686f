import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateLatest } from '../../plugin/index.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';
import { createTestRedis, type TestRedis } from '../support/testRedis.js';
import { testManifest } from '../support/testManifest.js';

describe('lendwire worker (CLI)', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  before(async () => {
    db = await createTestDatabase();
    redis = await createTestRedis();
    await migrateLatest(db.knex, 'lendwire');
  });
  after(async () => {
    await redis.cleanup();
    await db.drop();
  });

  it('runs workers without HTTP and stops cleanly on SIGTERM', async function () {
    this.timeout(60000);
    const dir = mkdtempSync(join(tmpdir(), 'lw-worker-'));
    const manifest = join(dir, 'manifest.json');
    writeFileSync(manifest, JSON.stringify(testManifest()));
    const child = spawn(process.execPath, ['--import', 'tsx', 'plugin/cli/lendwire.ts', 'worker'], {
      env: { ...process.env, DATABASE_URL: db.url, LENDWIRE_MANIFEST: manifest, LENDWIRE_QUEUE_PREFIX: redis.prefix, LENDWIRE_LOG_LEVEL: 'info' },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 30000;
    while (!out.includes('lendwire worker running') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(out).to.contain('lendwire worker running');
    expect(out).to.contain(`"queuePrefix":"${redis.prefix}"`);
    child.kill('SIGTERM');
    expect(await exited).to.equal(0);
    expect(out).to.contain('lendwire stopped');
  });
});
