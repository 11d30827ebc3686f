import { inject, injectable } from 'inversify';
import type { Counter, Histogram } from 'prom-client';
import type { Knex } from 'knex';
import { TOKENS } from '../kernel/tokens.js';
import type { LendwireConfig } from '../kernel/LendwireConfig.js';
import type { Metrics } from '../observability/Metrics.js';
import type { ParseStatus } from '../sdk/LenderCallbacks.js';
import type { LocalCallbacks } from './LocalCallbacks.js';
import { CALLBACKS_TOKENS } from './tokens.js';

/** What happened to a callback request at the door. */
export type ReceiveResult = 'accepted' | 'duplicate' | 'unauthorized' | 'unknown_lender' | 'too_large' | 'unavailable' | 'rejected';

/** The callback metrics of issue 4, in the plugin's own registry. */
@injectable()
export class CallbackMetrics {
  private readonly receivedTotal: Counter<'lender' | 'result'>;
  private readonly parsedTotal: Counter<'lender' | 'parse_status'>;
  private readonly latency: Histogram<'lender'>;
  private readonly failedTotal: Counter<'lender'>;

  constructor(
    @inject(TOKENS.Metrics) metrics: Metrics,
    @inject(TOKENS.Knex) knex: Knex,
    @inject(TOKENS.Config) config: Pick<LendwireConfig, 'schema'>,
    @inject(CALLBACKS_TOKENS.LocalCallbacks) local: Pick<LocalCallbacks, 'size'>,
  ) {
    const schema = config.schema;
    this.receivedTotal = metrics.counter({
      name: 'lendwire_callbacks_received_total',
      help: 'Callback requests by lender and result (accepted, duplicate, unauthorized, unknown_lender, too_large, unavailable, rejected)',
      labelNames: ['lender', 'result'],
    });
    this.parsedTotal = metrics.counter({
      name: 'lendwire_callbacks_parsed_total',
      help: 'Stored callbacks parsed (including re-processing), by lender and parse status',
      labelNames: ['lender', 'parse_status'],
    });
    this.failedTotal = metrics.counter({
      name: 'lendwire_callbacks_failed_total',
      help: 'Stored callbacks whose processing kept failing and that were parked in the review queue, by lender',
      labelNames: ['lender'],
    });
    this.latency = metrics.histogram({
      name: 'lendwire_callback_processing_seconds',
      help: 'Time from receiving a callback to having processed it the first time',
      labelNames: ['lender'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    });
    metrics.gauge({
      name: 'lendwire_callbacks_in_process',
      help: 'Stored callbacks this process is processing itself, without a queue job (running or waiting for a transaction)',
      collect() {
        this.set(local.size);
      },
    });
    metrics.gauge({
      name: 'lendwire_callback_orphans_waiting',
      help: 'Stored callbacks waiting for the stage-1 link of their application, by lender',
      labelNames: ['lender'],
      async collect() {
        try {
          const rows = (await knex
            .withSchema(schema)
            .table('raw_callbacks')
            .where({ process_status: 'orphaned' })
            .groupBy('lender_id')
            .select('lender_id')
            .count({ n: '*' })) as { lender_id: string; n: string }[];
          this.reset();
          for (const r of rows) this.set({ lender: r.lender_id }, Number(r.n));
        } catch {
          // The database being down must not break /metrics; the last values stay.
        }
      },
    });
  }

  /** `lender` is only a manifest lender id (never an unchecked path segment), or "unknown". */
  received(lender: string, result: ReceiveResult): void {
    this.receivedTotal.inc({ lender, result });
  }

  parsed(lender: string, status: ParseStatus): void {
    this.parsedTotal.inc({ lender, parse_status: status });
  }

  failed(lender: string): void {
    this.failedTotal.inc({ lender });
  }

  processedAfter(lender: string, seconds: number): void {
    this.latency.observe({ lender }, Math.max(0, seconds));
  }
}
