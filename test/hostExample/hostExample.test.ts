import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';
import { createTestRedis, type TestRedis } from '../support/testRedis.js';
import { jsonOf } from '../support/harness.js';
import { startHost, type RunningHost } from '../../host-example/startHost.js';
import { readHostConfig } from '../../host-example/hostConfig.js';

const run = promisify(execFile);

describe('host example', () => {
  it('prints one actionable line per unreachable service and exits non-zero', async function () {
    this.timeout(30000);
    const env = { ...process.env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/demo', REDIS_URL: 'redis://127.0.0.1:2' };
    const err = await run(process.execPath, ['--import', 'tsx', 'host-example/server.ts'], { env }).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err?.code).to.equal(1);
    const lines = err!.stderr.trim().split('\n');
    expect(lines).to.have.length(2);
    expect(lines[0]).to.contain('postgres://postgres@127.0.0.1:1/demo').and.to.contain('DATABASE_URL').and.to.contain('pg_ctlcluster');
    expect(lines[1]).to.contain('redis://127.0.0.1:2').and.to.contain('REDIS_URL').and.to.contain('redis-server');
  });

  describe('running', () => {
    let db: TestDatabase;
    let host: RunningHost;
    let redis: TestRedis;
    before(async function () {
      this.timeout(30000);
      db = await createTestDatabase();
      redis = await createTestRedis();
      process.env.HOST_EXAMPLE_USERS = JSON.stringify({ 't-1': { userId: 'u1', dealerIds: ['d1'], roles: ['dealer'] } });
      const config = { ...readHostConfig(), databaseUrl: db.url, port: 0, queuePrefix: redis.prefix };
      delete process.env.HOST_EXAMPLE_USERS;
      host = await startHost(config, pino({ level: 'silent' }));
    });
    after(async () => {
      await host?.stop();
      await redis?.cleanup();
      await db?.drop();
    });

    it('serves its own routes and lendwire health with Postgres and Redis ok', async () => {
      const health = await fetch(`${host.url}/lendwire/health`);
      const body = await jsonOf(health);
      expect(health.status).to.equal(200);
      expect(body.checks.postgres.ok).to.equal(true);
      expect(body.checks.redis.ok).to.equal(true);
      expect((await fetch(`${host.url}/api/deals`)).status).to.equal(401);
      const deals = await fetch(`${host.url}/api/deals`, { headers: { authorization: 'Bearer t-1' } });
      expect(deals.status).to.equal(200);
      expect(await jsonOf(deals)).to.deep.equal([]);
    });

    it('keeps lendwire tables out of the public schema', async () => {
      const rows = await host.knex('information_schema.tables').where({ table_schema: 'public' }).select('table_name');
      expect(rows.map((r: { table_name: string }) => r.table_name)).to.deep.equal(['deals']);
    });
  });
});
