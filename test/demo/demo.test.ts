import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';
import { createTestRedis, type TestRedis } from '../support/testRedis.js';

/** Runs `host-example/demo.ts` (what `npm start` runs from dist) until it reports the loop closed, bounded in time. */
describe('npm start demo', function () {
  this.timeout(120_000);
  let db: TestDatabase;
  let redis: TestRedis;
  let child: ChildProcess | undefined;
  let out = '';

  before(async () => {
    db = await createTestDatabase();
    redis = await createTestRedis();
  });
  after(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await redis?.cleanup();
    await db?.drop();
  });

  it('submits the demo applications and shows the funded one reaching the webhook receiver and the CRM', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'host-example/demo.ts'], {
      env: { ...process.env, DATABASE_URL: db.url, LENDWIRE_QUEUE_PREFIX: redis.prefix, PORT: '0', DEMO_PACE_MS: '200', DEMO_DURATION_MS: '60000', LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));

    const deadline = Date.now() + 60_000;
    while (!out.includes('demo: done:') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 200));
    expect(out, out).to.include('demo: done:');
    // The broker journey: customer link, a reminder after the compressed 10 s of quiet, then the selected offer.
    const brokerDeadline = Date.now() + 30_000;
    while (!/broker=approved \(link -> reminder/.test(out) && Date.now() < brokerDeadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 200));
    expect(out, out).to.match(/broker=approved \(link -> reminder/);
    child.kill('SIGTERM');
    expect(await exited).to.equal(0);

    // Where to look, and a progress line.
    expect(out).to.match(/dashboard +http:\/\/127\.0\.0\.1:\d+\/lendwire\/admin\/\?token=demo-operator-token/);
    expect(out).to.include('demo-admin-token').and.to.include('demo-dealer-token');
    expect(out).to.match(/demo: funded=\w+ declined=\w+ malformed=\w+ \| callbacks sent \d+/);
    expect(out).to.match(/batch files +\/\S+host-example\/out\/batches/);

    const [funded, declined, malformed] = ['DEMO-FUNDED', 'DEMO-DECLINED', 'DEMO-MALFORMED'].map((ref) => new RegExp(`submitted ${ref} as (app_\\w+)`).exec(out)![1]);
    const lw = () => db.knex.withSchema('lendwire');
    const apps = await lw().table('applications').whereIn('id', [funded, declined, malformed]).select('id', 'status');
    const statusOf = (id: string) => apps.find((a) => a.id === id)?.status;
    expect(statusOf(funded)).to.equal('funded');
    expect(statusOf(declined)).to.equal('declined');

    // The funded application's webhook reached the sample receiver (verified signature) ...
    expect(out).to.include(`receiver: application.status_changed  ${funded}  booked -> funded`);
    const webhook = await lw()
      .table('deliveries as d')
      .join('outbox as o', 'o.id', 'd.outbox_id')
      .where({ 'd.application_id': funded, 'd.target_id': 'sample-receiver', 'd.status': 'succeeded' })
      .whereRaw(`o.payload->>'status' = 'funded'`)
      .first('d.id as delivery_id');
    expect(webhook, 'funded webhook delivery').to.not.equal(undefined);

    // ... and its CRM call happened (the fake HubSpot answered it).
    const crm = await lw()
      .table('deliveries as d')
      .join('outbox as o', 'o.id', 'd.outbox_id')
      .where({ 'd.application_id': funded, 'd.target_kind': 'crm', 'd.target_id': 'hubspot-demo', 'd.status': 'succeeded' })
      .whereRaw(`o.payload->>'status' = 'funded'`)
      .first('d.id as delivery_id');
    expect(crm, 'funded CRM sync').to.not.equal(undefined);

    // The batch-file partner collected the application events into durable batches.
    const batched = await lw().table('file_batch_records').where({ subscription_id: 'demo-batch-files' }).count<{ count: string }[]>('* as count');
    expect(Number(batched[0].count)).to.be.greaterThan(0);
    const attempt = await lw().table('delivery_attempts').where({ delivery_id: crm.delivery_id }).orderBy('id', 'desc').first();
    expect(attempt.status_code).to.be.within(200, 299);
    expect(out).to.match(/crm: deal \d+ updated .*dealstage/);

    // The malformed callbacks were stored and are waiting in the review queue.
    const review = await lw().table('raw_callbacks').where({ parse_status: 'unparseable' }).count({ n: '*' });
    expect(Number(review[0].n)).to.be.greaterThan(0);
  });
});
