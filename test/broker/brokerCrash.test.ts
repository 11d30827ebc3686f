import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { TEST_REDIS_URL } from '../support/testRedis.js';
import { waitFor } from '../support/waitFor.js';
import { settledApplication } from '../submissions/support/settledApplication.js';
import { brokerRig, eventsOf, journeyRequest, SCHEMA, type BrokerRig } from './brokerSupport.js';

const TUNING = { lockDurationMs: 1000, stalledIntervalMs: 300, orphanGraceMs: 200, backoffMs: 20, maxAttempts: 3, sweepIntervalMs: 60_000 };

/** lendwire's workers in a separate process (the one the test kills mid-call). */
function startWorkerProcess(rig: BrokerRig): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('../submissions/support/submissionWorkerProcess.ts', import.meta.url).pathname], {
    env: {
      ...process.env,
      LENDWIRE_TEST_WORKER_CONFIG: JSON.stringify({ databaseUrl: rig.h.db.url, redisUrl: TEST_REDIS_URL, queuePrefix: rig.h.redis.prefix, manifest: rig.manifest, submissions: TUNING, now: new Date().toISOString() }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`worker process exited early (${code})`)));
  });
}

describe('broker journeys across a worker crash (SIGKILL while the broker holds its answer)', function () {
  this.timeout(40_000);
  let rig: BrokerRig;
  let child: ChildProcess | undefined;

  before(async () => {
    // The broker opens the session but holds its answer; this process starts without workers.
    rig = await brokerRig({ answerDelayMs: 60_000, timeoutMs: 1000, start: false, submissions: TUNING });
    child = await startWorkerProcess(rig);
  });
  after(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await rig.h.close();
    await rig.broker.close();
  });

  it('never opens a second session: the next worker finds the session through the lookup and announces its link', async () => {
    const res = await rig.h.request('/applications', { method: 'POST', token: 'dealer1-token', json: journeyRequest() });
    expect(res.status).to.equal(202);
    const { id } = (await res.json()) as { id: string };
    await waitFor(() => rig.broker.sessions.length === 1, 10_000, 'the session to be opened');
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child!.kill('SIGKILL');
    await exited;
    const left = await rig.h.db.knex.withSchema(SCHEMA).table('submissions').where({ application_id: id }).pluck('state');
    expect(left).to.deep.equal(['sending']);

    await rig.h.lendwire.start();
    const app = await settledApplication(rig.h.db.knex, id, 20_000);
    expect(app).to.include({ status: 'submitted', lender_app_id: rig.broker.sessions[0].sessionId });
    expect(rig.broker.sessions).to.have.length(1);
    const attempts = await rig.h.db.knex.withSchema(SCHEMA).table('submissions').where({ application_id: id }).select('state', 'error_code');
    expect(attempts).to.deep.equal([{ state: 'unknown', error_code: 'E_WORKER_LOST' }]);
    expect(await eventsOf(rig.h, id, 'customer_link.ready')).to.have.length(1);
  });
});
