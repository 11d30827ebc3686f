import { ContainerModule } from 'inversify';
import { TOKENS } from '../kernel/tokens.js';
import { ApplicationStore } from '../applications/ApplicationStore.js';
import { SubmissionQueue } from './SubmissionQueue.js';
import { SubmissionProcessor } from './SubmissionProcessor.js';
import { SubmissionWorker } from './SubmissionWorker.js';
import { submissionTuning } from './SubmissionTuning.js';

/**
 * Submissions in flight per process. A lender call is I/O (a vendor may take
 * seconds to answer), so the worker must hold many at once: at 20 dealer
 * submissions/s a lender answering in 1 s keeps 20 in flight. 5 made them queue
 * for seconds. Override with `runtime.concurrency.submissions`.
 */
const DEFAULT_CONCURRENCY = 50;

/** The submission queue, its worker (a Startable) and the Postgres sweep that refills it. */
export const submissionsModule = new ContainerModule((bind) => {
  bind(TOKENS.SubmissionTuning)
    .toDynamicValue((ctx) => submissionTuning(ctx.container.get(TOKENS.RuntimeSettings)))
    .inSingletonScope();
  bind(TOKENS.SubmissionQueue)
    .toDynamicValue((ctx) => new SubmissionQueue(ctx.container.get(TOKENS.Queues), ctx.container.get(TOKENS.SubmissionTuning)))
    .inSingletonScope();
  bind(TOKENS.Startable).toDynamicValue((ctx) => {
    const c = ctx.container;
    const config = c.get(TOKENS.Config);
    const manifest = c.get(TOKENS.Manifest);
    const tuning = c.get(TOKENS.SubmissionTuning);
    const logger = c.get(TOKENS.Logger).child({ component: 'submissions' });
    const processor = new SubmissionProcessor({
      knex: c.get(TOKENS.Knex),
      schema: config.schema,
      manifest,
      secrets: c.get(TOKENS.Secrets),
      lenders: c.get(TOKENS.Lenders),
      sealer: c.get(TOKENS.Sealer),
      metrics: c.get(TOKENS.Metrics),
      tuning,
    });
    return new SubmissionWorker({
      queues: c.get(TOKENS.Queues),
      queue: c.get(TOKENS.SubmissionQueue),
      processor,
      applications: new ApplicationStore(c.get(TOKENS.Knex), config.schema),
      tuning,
      concurrency: manifest.runtime.concurrency?.submissions ?? DEFAULT_CONCURRENCY,
      logger,
    });
  });
});
