import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_SFTP_SUBSCRIPTION } from '../../host-example/addSftpPartner.js';
import { DEMO_OUT_DIRECTORY } from '../../host-example/hostConfig.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';
import { createTestRedis, type TestRedis } from '../support/testRedis.js';

/** Files below `dir` by name (hidden ones included), with their full paths. */
function filesBelow(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (at: string) => {
    if (!existsSync(at)) return;
    for (const name of readdirSync(at)) {
      const full = join(at, name);
      if (statSync(full).isDirectory()) walk(full);
      else found.set(name, full);
    }
  };
  walk(dir);
  return found;
}

/** Runs `host-example/demo.ts` (what `npm start` runs from dist) until it reports the loop closed, bounded in time. */
describe('npm start demo', function () {
  this.timeout(120_000);
  let db: TestDatabase;
  let redis: TestRedis;
  let child: ChildProcess | undefined;
  let out = '';
  /** The demo's file partners write here (DEMO_OUT_DIR), not into the checkout's host-example/out. */
  const outDir = mkdtempSync(join(tmpdir(), 'lendwire-demo-out-'));
  /** What host-example/out held before: a later `npm start` (a fresh database numbering its batch files from 1) must not find this run's files there. */
  let checkoutOutBefore: string[] = [];

  before(async () => {
    checkoutOutBefore = [...filesBelow(DEMO_OUT_DIRECTORY).values()].sort();
    db = await createTestDatabase();
    redis = await createTestRedis();
  });
  after(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await redis?.cleanup();
    await db?.drop();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('submits the demo applications and shows the funded one reaching the webhook receiver and the CRM', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'host-example/demo.ts'], {
      env: { ...process.env, DATABASE_URL: db.url, LENDWIRE_QUEUE_PREFIX: redis.prefix, PORT: '0', DEMO_PACE_MS: '200', DEMO_DURATION_MS: '60000', LOG_LEVEL: 'error', DEMO_OUT_DIR: outDir },
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
    const lw = () => db.knex.withSchema('lendwire');
    const funded = /submitted DEMO-FUNDED as (app_\w+)/.exec(out)![1];
    // The SFTP partner's copy of the funded status change (delivered by the demo process, so waited for before stopping it).
    const sftpDeliveries = () =>
      lw()
        .table('deliveries as d')
        .join('outbox as o', 'o.id', 'd.outbox_id')
        .where({ 'd.target_id': DEMO_SFTP_SUBSCRIPTION, 'd.status': 'succeeded' })
        .select('d.event_id', 'd.application_id', 'o.type', db.knex.raw(`o.payload->>'status' as status`));
    const sftpDeadline = Date.now() + 20_000;
    while (!(await sftpDeliveries()).some((d) => d.application_id === funded && d.status === 'funded') && Date.now() < sftpDeadline) await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGTERM');
    expect(await exited).to.equal(0);

    // Where to look, and a progress line.
    expect(out).to.match(/dashboard +http:\/\/127\.0\.0\.1:\d+\/lendwire\/admin\/\?token=demo-operator-token/);
    expect(out).to.include('demo-admin-token').and.to.include('demo-dealer-token');
    expect(out).to.match(/demo: funded=\w+ declined=\w+ malformed=\w+ \| callbacks sent \d+/);
    expect(out).to.include(`batch files        ${join(outDir, 'batches')}`);
    expect(out).to.match(/SFTP partner +sftp:\/\/127\.0\.0\.1:4050 \(user dealer-demo, host key SHA256:[A-Za-z0-9+/]{43}\): one JSON file per event in /);
    expect(out).to.include(`one JSON file per event in ${join(outDir, 'sftp')}/inbox/`);
    expect(out).to.match(/\| SFTP files [1-9]\d*/);

    const [declined, malformed] = ['DEMO-DECLINED', 'DEMO-MALFORMED'].map((ref) => new RegExp(`submitted ${ref} as (app_\\w+)`).exec(out)![1]);
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

    // The SFTP partner received every application event it was sent as one complete JSON file
    // at /inbox/{date}/{eventType}-{eventId}.json (DEMO_OUT_DIR/sftp/), never a partial one.
    const delivered = await sftpDeliveries();
    expect(delivered.length, 'SFTP deliveries').to.be.greaterThan(0);
    const files = filesBelow(join(outDir, 'sftp', 'inbox'));
    for (const d of delivered) {
      const file = files.get(`${d.type}-${d.event_id}.json`);
      expect(file, `SFTP file of ${d.type} ${d.event_id}`).to.be.a('string');
      const event = JSON.parse(readFileSync(file!, 'utf8')) as { type: string; timestamp: string; data: { applicationId?: string; status?: string } };
      expect(event.type).to.equal(d.type);
      expect(file).to.include(`/inbox/${event.timestamp.slice(0, 10)}/`);
      expect(event.data.applicationId).to.equal(d.application_id);
      expect(files.has(`.${d.type}-${d.event_id}.json.part`), 'no temporary file left').to.equal(false);
    }
    expect(delivered.some((d) => d.application_id === funded && d.type === 'application.status_changed' && d.status === 'funded'), 'the funded status change reached the SFTP partner').to.equal(true);

    // The malformed callbacks were stored and are waiting in the review queue.
    const review = await lw().table('raw_callbacks').where({ parse_status: 'unparseable' }).count({ n: '*' });
    expect(Number(review[0].n)).to.be.greaterThan(0);

    // The file partners wrote below DEMO_OUT_DIR, and nothing of this run was left in the checkout's host-example/out.
    expect([...filesBelow(join(outDir, 'batches')).keys()].some((name) => name.endsWith('.jsonl')), 'batch files in DEMO_OUT_DIR').to.equal(true);
    expect([...filesBelow(DEMO_OUT_DIRECTORY).values()].sort()).to.deep.equal(checkoutOutBefore);
  });
});
