import { ContainerModule } from 'inversify';
import { TOKENS } from '../kernel/tokens.js';
import { CallbackIngest } from './CallbackIngest.js';
import { CallbackMetrics } from './CallbackMetrics.js';
import { CallbackProcessor } from './CallbackProcessor.js';
import { CallbackQueue } from './CallbackQueue.js';
import { CallbackReview } from './CallbackReview.js';
import { CallbackWorker } from './CallbackWorker.js';
import { callbackRoutes } from './callbackRoutes.js';
import { RawCallbackStore } from './RawCallbackStore.js';
import { RawCallbackRetention } from './RawCallbackRetention.js';

/**
 * Callback jobs in flight per process. Processing waits on Postgres round trips,
 * not CPU (profile: the worker process is mostly idle at 200/s), and one
 * application's callbacks are serialised by its lock, not by a small pool.
 */
const DEFAULT_CALLBACK_CONCURRENCY = 16;

/** Inbound lender callbacks: ingest route, processing worker and sweep, review and replay. */
export const callbacksModule = new ContainerModule((bind) => {
  bind(TOKENS.CallbackStore)
    .toDynamicValue((ctx) => new RawCallbackStore(ctx.container.get(TOKENS.Knex), ctx.container.get(TOKENS.Config).schema))
    .inSingletonScope();
  bind(TOKENS.CallbackQueue)
    .toDynamicValue((ctx) => new CallbackQueue(ctx.container.get(TOKENS.Queues)))
    .inSingletonScope();
  bind(TOKENS.CallbackMetrics)
    .toDynamicValue((ctx) => new CallbackMetrics(ctx.container.get(TOKENS.Metrics), ctx.container.get(TOKENS.Knex), ctx.container.get(TOKENS.Config).schema))
    .inSingletonScope();
  bind(TOKENS.CallbackProcessor)
    .toDynamicValue((ctx) => {
      const c = ctx.container;
      return new CallbackProcessor({
        knex: c.get(TOKENS.Knex),
        schema: c.get(TOKENS.Config).schema,
        store: c.get(TOKENS.CallbackStore),
        lenders: c.get(TOKENS.Lenders),
        metrics: c.get(TOKENS.CallbackMetrics),
        logger: c.get(TOKENS.Logger).child({ component: 'callback-processor' }),
        clock: c.get(TOKENS.Clock),
      });
    })
    .inSingletonScope();
  bind(TOKENS.CallbackReview)
    .toDynamicValue((ctx) => {
      const c = ctx.container;
      return new CallbackReview(c.get(TOKENS.Knex), c.get(TOKENS.Config).schema, c.get(TOKENS.CallbackStore), c.get(TOKENS.CallbackProcessor), c.get(TOKENS.CallbackQueue));
    })
    .inSingletonScope();
  bind(TOKENS.Routes)
    .toDynamicValue((ctx) => {
      const c = ctx.container;
      const ingest = new CallbackIngest({
        knex: c.get(TOKENS.Knex),
        schema: c.get(TOKENS.Config).schema,
        store: c.get(TOKENS.CallbackStore),
        queue: c.get(TOKENS.CallbackQueue),
        lenders: c.get(TOKENS.Lenders),
        metrics: c.get(TOKENS.CallbackMetrics),
        clock: c.get(TOKENS.Clock),
      });
      return callbackRoutes(ingest);
    })
    .inSingletonScope();
  bind(TOKENS.Startable)
    .toDynamicValue((ctx) => {
      const c = ctx.container;
      const manifest = c.get(TOKENS.Manifest);
      const runtime = c.get(TOKENS.RuntimeSettings);
      return new CallbackWorker(
        c.get(TOKENS.Queues),
        c.get(TOKENS.CallbackQueue),
        c.get(TOKENS.CallbackProcessor),
        c.get(TOKENS.CallbackStore),
        c.get(TOKENS.Logger).child({ component: 'callback-worker' }),
        {
          concurrency: manifest.runtime.concurrency.callbacks ?? DEFAULT_CALLBACK_CONCURRENCY,
          sweepIntervalMs: runtime.callbackSweepIntervalMs,
          pendingGraceMs: runtime.callbackPendingGraceMs,
          lockDurationMs: runtime.jobLockDurationMs,
          stalledIntervalMs: runtime.stalledCheckIntervalMs,
        },
      );
    })
    .inSingletonScope();
  bind(TOKENS.Startable)
    .toDynamicValue((ctx) => {
      const c = ctx.container;
      return new RawCallbackRetention({
        knex: c.get(TOKENS.Knex),
        schema: c.get(TOKENS.Config).schema,
        clock: c.get(TOKENS.Clock),
        logger: c.get(TOKENS.Logger).child({ component: 'raw-callback-retention' }),
        retentionDays: c.get(TOKENS.Manifest).retention.rawCallbacksDays,
        intervalMs: 60 * 60_000,
      });
    })
    .inSingletonScope();
});
