import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateLatest } from '../../plugin/index.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';
import { createTestRedis, testClusterNodes, TEST_REDIS_URL, type TestRedis } from '../support/testRedis.js';
import { claimKey } from '../../plugin/deployment/claimQueuePrefix.js';
import { redisClusterNodes } from '../../plugin/cli/env.js';
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
    // The test Redis: a single server (REDIS_URL), or the cluster of `npm run test:cluster` (LENDWIRE_REDIS_CLUSTER).
    const cluster = testClusterNodes();
    const redisEnv = cluster ? { LENDWIRE_REDIS_CLUSTER: cluster.map((n) => `${n.host}:${n.port}`).join(','), REDIS_URL: 'redis://127.0.0.1:1' } : { REDIS_URL: TEST_REDIS_URL };
    const child = spawn(process.execPath, ['--import', 'tsx', 'plugin/cli/lendwire.ts', 'worker'], {
      env: { ...process.env, ...redisEnv, DATABASE_URL: db.url, LENDWIRE_MANIFEST: manifest, LENDWIRE_QUEUE_PREFIX: redis.prefix, LENDWIRE_LOG_LEVEL: 'info' },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 30000;
    while (!out.includes('lendwire worker running') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(out).to.contain('lendwire worker running');
    expect(out).to.contain(`"queuePrefix":"${redis.prefix}"`);
    // It works on the test Redis: its claim of the prefix is there.
    expect(JSON.parse((await redis.redis.get(claimKey(redis.prefix))) ?? '{}')).to.include({ schema: 'lendwire' });
    child.kill('SIGTERM');
    expect(await exited).to.equal(0);
    expect(out).to.contain('lendwire stopped');
  });

  it('reads a Redis Cluster\'s startup nodes from LENDWIRE_REDIS_CLUSTER (host:port or redis:// URLs, a password for every node)', () => {
    const saved = process.env.LENDWIRE_REDIS_CLUSTER;
    try {
      delete process.env.LENDWIRE_REDIS_CLUSTER;
      expect(redisClusterNodes()).to.equal(undefined);
      process.env.LENDWIRE_REDIS_CLUSTER = '10.0.0.1:7000, redis://:s%40cret@10.0.0.2:7001,redis-c';
      expect(redisClusterNodes()).to.deep.equal({
        nodes: [
          { host: '10.0.0.1', port: 7000 },
          { host: '10.0.0.2', port: 7001 },
          { host: 'redis-c', port: 6379 },
        ],
        password: 's@cret',
      });
      process.env.LENDWIRE_REDIS_CLUSTER = '10.0.0.1:notaport';
      expect(() => redisClusterNodes()).to.throw();
    } finally {
      if (saved === undefined) delete process.env.LENDWIRE_REDIS_CLUSTER;
      else process.env.LENDWIRE_REDIS_CLUSTER = saved;
    }
  });
});
