import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createLendwire, ConfigurationError, type CrmAdapter, type LenderAdapter, type Transport } from '../../plugin/index.js';
import { QueueFactory } from '../../plugin/queue/QueueFactory.js';
import { pino } from 'pino';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';
import { createTestRedis, type TestRedis } from '../support/testRedis.js';
import { testManifest } from '../support/testManifest.js';

const run = promisify(execFile);
const adapter = (id: string): LenderAdapter => ({ id });

describe('lifecycle and extension points', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  before(async () => {
    db = await createTestDatabase();
    redis = await createTestRedis();
  });
  after(async () => {
    await redis.cleanup();
    await db.drop();
  });

  const make = (manifest = testManifest()) =>
    createLendwire({ manifest, knex: db.knex, redis: redis.redis, auth: () => null, queuePrefix: redis.prefix, logger: pino({ level: 'silent' }) });

  it('refuses the same adapter id twice, saying which and why', async () => {
    const lw = await make();
    lw.registerLenderAdapter(adapter('acme'));
    expect(() => lw.registerLenderAdapter(adapter('acme'))).to.throw(ConfigurationError, /lender adapter "acme".*already registered/);
    expect(() => lw.registerTransport({ id: '' } as unknown as Transport)).to.throw(ConfigurationError, /no string "id"/);
  });

  it('refuses registrations after start()', async () => {
    const lw = await make();
    await lw.migrate();
    await lw.start();
    try {
      expect(() => lw.registerCrmAdapter({ id: 'late' } as unknown as CrmAdapter)).to.throw(ConfigurationError, /CRM adapter "late".*already started/);
    } finally {
      await lw.stop();
    }
  });

  it('will not start while the manifest names adapters nobody registered', async () => {
    const lw = await make(testManifest({ lenders: [{ id: 'westlake', adapter: 'apptraker' }] }));
    await lw.migrate();
    const err = await lw.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(ConfigurationError);
    expect((err as ConfigurationError).problems).to.deep.equal([
      { path: '/lenders/0/adapter', message: 'lender adapter "apptraker" is not registered (registered: none)' },
    ]);
    await lw.stop();
  });

  it('will not start before its migrations ran, and says how to run them', async () => {
    const fresh = await createTestDatabase();
    try {
      const lw = await createLendwire({ manifest: testManifest(), knex: fresh.knex, redis: redis.redis, auth: () => null, queuePrefix: redis.prefix, logger: pino({ level: 'silent' }) });
      const err = await lw.start().then(() => undefined, (e: unknown) => e);
      expect(String(err)).to.match(/migration\(s\) not applied.*npx lendwire migrate/);
    } finally {
      await fresh.drop();
    }
  });

  it('rejects bad options in one message', async () => {
    const err = await createLendwire({ manifest: testManifest(), knex: undefined as never, redis: undefined as never, auth: undefined as never }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(String(err)).to.contain('"knex" must be a Knex instance').and.to.contain('"redis" must be an ioredis Redis or Cluster instance').and.to.contain('"auth" must be a function');
  });

  it('stop() waits for an in-flight job, and a job that overruns the timeout is cut off', async () => {
    const factory = new QueueFactory(redis.redis, { queuePrefix: redis.prefix }, pino({ level: 'silent' }));
    const finished: string[] = [];
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    factory.worker<{ correlationId?: string }>('drain-test', async (job) => {
      started();
      await new Promise((r) => setTimeout(r, 400));
      finished.push(String(job.id));
    });
    await factory.queue('drain-test').add('x', {}, { jobId: 'job-a' });
    await running;
    await factory.close(5000);
    expect(finished).to.deep.equal(['job-a']);

    const slow = new QueueFactory(redis.redis, { queuePrefix: redis.prefix }, pino({ level: 'silent' }));
    let slowStarted!: () => void;
    const slowRunning = new Promise<void>((r) => (slowStarted = r));
    slow.worker('slow-test', async () => {
      slowStarted();
      await new Promise((r) => setTimeout(r, 3000));
    });
    await slow.queue('slow-test').add('y', {}, { jobId: 'job-b' });
    await slowRunning;
    const t0 = Date.now();
    await slow.close(200);
    expect(Date.now() - t0).to.be.lessThan(2500);
  });

  it('leaves no open handles: a host process that starts and stops lendwire exits on its own', async function () {
    this.timeout(60000);
    const env = { ...process.env, DATABASE_URL: db.url, LW_PREFIX: `${redis.prefix}-child` };
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'test/foundation/fixtures/startStopHost.ts'], { env, timeout: 45000 });
    expect(stdout).to.contain('health 200').and.to.contain('stopped');
  });
});
