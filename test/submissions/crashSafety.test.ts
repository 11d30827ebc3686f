import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHarness, jsonOf, type Harness } from '../support/harness.js';
import { TEST_REDIS_URL } from '../support/testRedis.js';
import { registerBuiltInAdapters } from '../../adapters/index.js';
import { applicationManifest, submitBody } from '../applications/support/fixtures.js';
import { settledApplication } from './support/settledApplication.js';
import { waitFor } from '../support/waitFor.js';

const TODAY = new Date('2026-11-23T12:00:00Z');
const TUNING = { lockDurationMs: 1000, stalledIntervalMs: 300, orphanGraceMs: 200, backoffMs: 20, maxAttempts: 3, sweepIntervalMs: 60_000 };

/** A lender on 127.0.0.1 that never answers submissions (it holds them) and counts every call. */
interface HoldingLender {
  url: string;
  posts: number;
  lookups: number;
  firstPost: Promise<void>;
  close(): Promise<void>;
}

async function startHoldingLender(lookupAnswer: { status: number; body: unknown }): Promise<HoldingLender> {
  const held: ServerResponse[] = [];
  let resolveFirst!: () => void;
  const state = {
    posts: 0,
    lookups: 0,
    firstPost: new Promise<void>((resolve) => (resolveFirst = resolve)),
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    if (req.method === 'POST') {
      state.posts++;
      held.push(res); // never answered: the worker is killed while waiting
      req.on('end', () => resolveFirst());
      return;
    }
    state.lookups++;
    res.writeHead(lookupAnswer.status, { 'content-type': 'application/json' }).end(JSON.stringify(lookupAnswer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, {
    url,
    async close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

function crashManifest(lender: HoldingLender, withLookup: boolean): Record<string, unknown> {
  return applicationManifest({ url: `${lender.url}/api/applications`, timeoutMs: 1000, ...(withLookup ? { lookupUrl: `${lender.url}/api/lookup` } : {}) });
}

function startWorkerProcess(h: Harness, manifest: Record<string, unknown>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./support/submissionWorkerProcess.ts', import.meta.url).pathname], {
    env: {
      ...process.env,
      LENDWIRE_TEST_WORKER_CONFIG: JSON.stringify({ databaseUrl: h.db.url, redisUrl: TEST_REDIS_URL, queuePrefix: h.redis.prefix, manifest, submissions: TUNING, now: TODAY.toISOString() }),
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

for (const withLookup of [false, true]) {
  describe(`At-most-once across a worker crash (SIGKILL mid-call, ${withLookup ? 'with' : 'without'} lookup)`, function () {
    this.timeout(30_000);
    let h: Harness;
    let lender: HoldingLender;
    let child: ChildProcess | undefined;

    before(async () => {
      lender = await startHoldingLender({ status: 200, body: { AppId: 'AT-CRASH-1', Status: 'RECEIVED' } });
      // This process starts without workers: the child process takes the job first.
      h = await createHarness({
        manifest: crashManifest(lender, withLookup),
        register: registerBuiltInAdapters,
        start: false,
        extra: { clock: { now: () => TODAY }, submissions: TUNING },
      });
      child = await startWorkerProcess(h, crashManifest(lender, withLookup));
    });
    after(async () => {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await h.close();
      await lender.close();
    });

    it('never calls the lender a second time after the worker dies while the request is in flight', async () => {
      const res = await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: submitBody() });
      expect(res.status).to.equal(202);
      const { id } = await jsonOf(res);

      await lender.firstPost;
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child!.kill('SIGKILL');
      await exited;

      // What the crashed worker left: a committed `sending` attempt, the application in `submitting`.
      const attempts = await h.db.knex.withSchema('lendwire').table('submissions').where({ application_id: id });
      expect(attempts.map((a) => a.state)).to.deep.equal(['sending']);
      expect((await h.db.knex.withSchema('lendwire').table('applications').where({ id }).first()).status).to.equal('submitting');

      // Another worker takes over the stalled job.
      await h.lendwire.start();
      const app = await settledApplication(h.db.knex, id, 20_000);
      await waitFor(async () => {
        const [a] = await h.db.knex.withSchema('lendwire').table('submissions').where({ application_id: id });
        return a.state === 'unknown' ? a : undefined;
      }, 10_000, 'the attempt to be closed');

      expect(lender.posts).to.equal(1);
      const finalAttempts = await h.db.knex.withSchema('lendwire').table('submissions').where({ application_id: id });
      expect(finalAttempts.map((a) => [a.state, a.error_code])).to.deep.equal([['unknown', 'E_WORKER_LOST']]);
      if (withLookup) {
        expect(app).to.include({ status: 'submitted', lender_app_id: 'AT-CRASH-1' });
        expect(lender.lookups).to.equal(1);
      } else {
        expect(app.status).to.equal('needs_review');
        expect(lender.lookups).to.equal(0);
        const [review] = await h.db.knex.withSchema('lendwire').table('application_transitions').where({ application_id: id, to_status: 'needs_review' });
        expect(review.reason).to.include('stopped before recording');
      }
    });
  });
}
