import { expect } from 'chai';
import knexFactory from 'knex';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { createContainer } from '../../plugin/app/createContainer.js';
import { RunState } from '../../plugin/app/RunState.js';
import { parseManifest } from '../../plugin/index.js';
import { SecretResolver } from '../../plugin/manifest/SecretResolver.js';
import { TOKENS } from '../../plugin/kernel/tokens.js';
import { systemClock } from '../../plugin/kernel/Clock.js';
import { APPLICATIONS_TOKENS } from '../../plugin/applications/tokens.js';
import { IDLE_TOKENS } from '../../plugin/applications/idle/tokens.js';
import { SUBMISSIONS_TOKENS } from '../../plugin/submissions/tokens.js';
import { CALLBACKS_TOKENS } from '../../plugin/callbacks/tokens.js';
import type { HostTuning } from '../../plugin/app/settingsModule.js';
import { testManifest } from '../support/testManifest.js';

describe('the container', () => {
  // Nothing connects while services are built: a Knex without a pool in use and a lazy Redis suffice.
  const knex = knexFactory({ client: 'pg' });
  const redis = new Redis({ lazyConnect: true });
  after(async () => {
    await knex.destroy();
    redis.disconnect();
  });

  const build = (tuning: HostTuning = {}) =>
    createContainer({
      config: { schema: 'lendwire', queuePrefix: '{lendwire:test}', runWorkers: true, shutdownTimeoutMs: 1000, baseDir: process.cwd(), preparedStatements: true },
      manifest: parseManifest(testManifest()),
      secrets: new SecretResolver(process.cwd()),
      knex,
      redis,
      logger: pino({ level: 'silent' }),
      auth: () => null,
      clock: systemClock,
      run: new RunState(),
      tuning,
    });

  it('builds each stateful service once and hands the same one to every consumer', () => {
    const container = build();
    expect(container.get(APPLICATIONS_TOKENS.ApplicationService)).to.equal(container.get(APPLICATIONS_TOKENS.ApplicationService));
    // The applications' port is the submission queue itself, not a second queue.
    expect(container.get(APPLICATIONS_TOKENS.SubmissionRequests)).to.equal(container.get(SUBMISSIONS_TOKENS.SubmissionQueue));
    expect(container.get(CALLBACKS_TOKENS.CallbackProcessor)).to.equal(container.get(CALLBACKS_TOKENS.CallbackProcessor));
    const startables = container.getAll(TOKENS.Startable);
    expect(container.getAll(TOKENS.Startable)).to.deep.equal(startables);
    expect(new Set(startables.map((s) => s.name)).size).to.equal(startables.length);
    expect(container.getAll(TOKENS.Routes)).to.have.length.above(3);
    expect(container.getAll(TOKENS.HealthCheck).map((c) => c.name)).to.include.members(['postgres', 'redis', 'workers']);
  });

  it("binds the host's tuning once, over the defaults, where the container is built", () => {
    const container = build({ submissions: { maxAttempts: 2 }, idle: { scanEveryMs: 1000 } });
    expect(container.get(SUBMISSIONS_TOKENS.SubmissionTuning)).to.include({ maxAttempts: 2, backoffMs: 2000 });
    expect(container.get(IDLE_TOKENS.IdleSettings)).to.include({ scanEveryMs: 1000, batchSize: 500 });
    expect(build().get(SUBMISSIONS_TOKENS.SubmissionTuning)).to.include({ maxAttempts: 5 });
  });
});
