import { expect } from 'chai';
import nock from 'nock';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { inspectQueue } from '../support/inspectQueue.js';
import { createLendwire, ConfigurationError, type Lendwire } from '../../plugin/index.js';
import { registerBuiltInAdapters } from '../../adapters/index.js';
import { createHarness, type Harness } from '../support/harness.js';
import { deleteKeys } from '../support/testRedis.js';
import { applicationManifest, liveSubmitBody } from '../applications/support/fixtures.js';
import { settledApplication } from '../submissions/support/settledApplication.js';
import { testManifest } from '../support/testManifest.js';
import { sleep, waitFor } from '../support/waitFor.js';
import { Writable } from 'node:stream';
import { PrefixClaimKeeper } from '../../plugin/deployment/PrefixClaimKeeper.js';
import { claimKey } from '../../plugin/deployment/claimQueuePrefix.js';

const deploymentIdOf = async (h: Harness): Promise<string> => (await h.db.knex.withSchema('lendwire').table('deployment').first('id')).id as string;

/** Runs `lendwire worker` until it says it runs (or exits); returns its output and a stop function. */
async function runWorkerCli(env: Record<string, string | undefined>): Promise<{ out: () => string; exitCode: Promise<number | null>; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'lw-prefix-'));
  const manifest = join(dir, 'manifest.json');
  writeFileSync(manifest, JSON.stringify(testManifest()));
  const childEnv: Record<string, string | undefined> = { ...process.env, LENDWIRE_MANIFEST: manifest, LENDWIRE_LOG_LEVEL: 'info', ...env };
  for (const [k, v] of Object.entries(childEnv)) if (v === undefined) delete childEnv[k];
  const child = spawn(process.execPath, ['--import', 'tsx', 'plugin/cli/lendwire.ts', 'worker'], { env: childEnv as NodeJS.ProcessEnv });
  let out = '';
  child.stdout.on('data', (d) => (out += String(d)));
  child.stderr.on('data', (d) => (out += String(d)));
  let exited = false;
  const exitCode = new Promise<number | null>((resolve) => child.on('exit', (code) => ((exited = true), resolve(code))));
  try {
    await waitFor(() => exited || out.includes('lendwire worker running'), 40_000, 'the worker CLI to start or exit');
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}; its output:\n${out}`);
  }
  return {
    out: () => out,
    exitCode,
    async stop() {
      if (!exited) child.kill('SIGTERM');
      await exitCode;
    },
  };
}

describe('queue prefix per deployment (two databases, one Redis)', function () {
  this.timeout(90_000);
  const saved = process.env.LENDWIRE_QUEUE_PREFIX;
  const hosts: Harness[] = [];
  const extras: Lendwire[] = [];
  before(() => {
    delete process.env.LENDWIRE_QUEUE_PREFIX;
  });
  after(async () => {
    for (const lw of extras) await lw.stop();
    for (const h of hosts) {
      const id = await deploymentIdOf(h).catch(() => undefined);
      if (id) await deleteKeys(h.redis.redis, `{lendwire:${id}}*`);
      await h.close();
    }
    nock.cleanAll();
    if (saved !== undefined) process.env.LENDWIRE_QUEUE_PREFIX = saved;
  });

  /** A host on its own throwaway database with the DEFAULT queue prefix (no option, no env). */
  const host = async (runWorkers: boolean): Promise<Harness> => {
    const h = await createHarness({ manifest: applicationManifest(), register: registerBuiltInAdapters, extra: { queuePrefix: undefined, runWorkers } });
    hosts.push(h);
    return h;
  };

  it("gives each database its own default prefix, so a host never takes another deployment's jobs", async () => {
    const submitted: string[] = [];
    nock('https://los.test')
      .persist()
      .post('/api/applications', (body: { ExternalReference?: string }) => (submitted.push(JSON.stringify(body)), true))
      .reply(200, () => ({ AppId: `AT-${submitted.length}` }));

    const a = await host(true);
    const b = await host(false); // API only: its jobs must wait for B's own workers
    const [idA, idB] = [await deploymentIdOf(a), await deploymentIdOf(b)];
    expect(idA).to.match(/^[0-9a-f]{16}$/);
    expect(idB).to.not.equal(idA);
    expect(a.logs()).to.contain(`"queuePrefix":"{lendwire:${idA}}"`);

    const appA = await a.lendwire.applications.submit(liveSubmitBody());
    const appB = await b.lendwire.applications.submit(liveSubmitBody());
    expect((await settledApplication(a.db.knex, String(appA.id))).status).to.equal('submitted');

    // A's workers ran while B's job waited: it must still be in B's own queue, untouched.
    await sleep(1500);
    const rowB = await b.db.knex.withSchema('lendwire').table('applications').where({ id: appB.id }).first();
    expect(rowB.status).to.equal('queued');
    expect(submitted).to.have.length(1);
    await inspectQueue(b.redis.redis, 'submissions', `{lendwire:${idB}}`, async (queueB) => {
      expect((await queueB.getJobCounts('waiting')).waiting).to.equal(1);
    });

    // B's own worker process (same database, same default prefix) does it.
    const workerB = await createLendwire({ manifest: applicationManifest(), knex: b.db.knex, redis: b.redis.redis, logger: pino({ level: 'silent' }), auth: () => null });
    registerBuiltInAdapters(workerB);
    extras.push(workerB);
    await workerB.start();
    expect((await settledApplication(b.db.knex, String(appB.id))).status).to.equal('submitted');
    expect(submitted).to.have.length(2);
  });

  it('refuses to start on a prefix another database has claimed, naming both and the way out', async () => {
    const [a, b] = hosts;
    const shared = `${a.redis.prefix}-shared`;
    const make = (h: Harness) => createLendwire({ manifest: testManifest(), knex: h.db.knex, redis: h.redis.redis, logger: pino({ level: 'silent' }), auth: () => null, queuePrefix: shared });
    const first = await make(a);
    extras.push(first);
    await first.start();
    // A restart and a second process of the same deployment are fine.
    const again = await make(a);
    extras.push(again);
    await again.start();

    const other = await make(b);
    extras.push(other);
    const err = await other.start().then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(ConfigurationError);
    const message = String((err as Error).message);
    expect(message).to.contain(`Redis queue prefix "${shared}" is claimed by another deployment (deployment ${await deploymentIdOf(a)}, database "${a.db.name}"`);
    expect(message).to.contain(`this is deployment ${await deploymentIdOf(b)}, database "${b.db.name}"`);
    expect(message).to.contain(`delete the Redis key "${shared}:deployment"`);
  });

  it('lendwire worker derives the same default prefix as the host, and refuses a claimed one', async () => {
    const [a, b] = hosts;
    const idA = await deploymentIdOf(a);
    const worker = await runWorkerCli({ DATABASE_URL: a.db.url, LENDWIRE_QUEUE_PREFIX: undefined });
    await worker.stop();
    expect(worker.out()).to.contain('lendwire worker running');
    expect(worker.out()).to.contain(`"queuePrefix":"{lendwire:${idA}}"`);

    // B's database on A's prefix: the CLI exits non-zero with the message.
    const refused = await runWorkerCli({ DATABASE_URL: b.db.url, LENDWIRE_QUEUE_PREFIX: `{lendwire:${idA}}` });
    expect(await refused.exitCode).to.equal(1);
    expect(refused.out()).to.contain(`Redis queue prefix "{lendwire:${idA}}" is claimed by another deployment`);
  });

  it('keeps the claim while running: restored after a flush, a conflicting claim is logged as an error', async () => {
    const [a] = hosts;
    const prefix = `${a.redis.prefix}-kept`;
    let logged = '';
    const sink = new Writable({ write: (chunk, _e, cb) => ((logged += String(chunk)), cb()) });
    const me = { deploymentId: await deploymentIdOf(a), database: a.db.name, schema: 'lendwire' };
    const keeper = new PrefixClaimKeeper(a.redis.redis, pino(sink), { now: () => new Date() }, 100);
    try {
      await keeper.claim(prefix, me);
      await a.redis.redis.del(claimKey(prefix)); // what FLUSHALL does to it
      const restored = await waitFor(() => a.redis.redis.get(claimKey(prefix)), 5000, 'the claim to be written again');
      expect(JSON.parse(restored)).to.include(me);

      await a.redis.redis.set(claimKey(prefix), JSON.stringify({ deploymentId: 'someone-else', database: 'other', schema: 'lendwire' }));
      await waitFor(() => logged.includes('another deployment claimed this queue prefix while this one runs'), 5000, 'the conflict to be logged');
      expect(logged).to.contain(`is claimed by another deployment (deployment someone-else, database \\"other\\"`);
    } finally {
      await keeper.stop();
    }
  });

  it('refuses a prefix without a {hash tag}', async () => {
    const [a] = hosts;
    const err = await createLendwire({ manifest: testManifest(), knex: a.db.knex, redis: a.redis.redis, auth: () => null, queuePrefix: 'lendwire' }).then(() => undefined, (e: unknown) => e);
    expect(String(err)).to.contain('"queuePrefix" (or LENDWIRE_QUEUE_PREFIX): queue prefix "lendwire" needs a non-empty {hash tag}');
  });
});
