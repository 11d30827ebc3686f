import { inject, injectable } from 'inversify';
import type { Counter, Gauge, Histogram } from 'prom-client';
import type { Knex } from 'knex';
import type { Metrics } from '../observability/Metrics.js';
import type { LendwireConfig } from '../kernel/LendwireConfig.js';
import { TOKENS } from '../kernel/tokens.js';

/** The delivery engine's Prometheus metrics. */
@injectable()
export class DeliveryMetrics {
  readonly results: Counter<'kind' | 'result'>;
  readonly attemptSeconds: Histogram<'kind' | 'outcome'>;
  readonly pending: Gauge<'kind' | 'target'>;
  readonly deadLetters: Counter<'kind' | 'target'>;
  readonly outboxLagSeconds: Gauge<string>;

  constructor(@inject(TOKENS.Metrics) metrics: Metrics, @inject(TOKENS.Knex) knex: Knex, @inject(TOKENS.Config) config: Pick<LendwireConfig, 'schema'>) {
    const schema = config.schema;
    this.results = metrics.counter({
      name: 'lendwire_deliveries_total',
      help: 'Delivery attempts by result (delivered, retry, rate_limited, dead_lettered, paused)',
      labelNames: ['kind', 'result'],
    });
    this.attemptSeconds = metrics.histogram({
      name: 'lendwire_delivery_attempt_duration_seconds',
      help: 'Duration of one delivery attempt',
      labelNames: ['kind', 'outcome'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30],
    });
    this.pending = metrics.gauge({
      name: 'lendwire_deliveries_pending',
      help: 'Unfinished deliveries (pending, in flight or paused) per endpoint',
      labelNames: ['kind', 'target'],
    });
    this.deadLetters = metrics.counter({
      name: 'lendwire_dead_letters_total',
      help: 'Deliveries dead-lettered after their last retry or a permanent failure',
      labelNames: ['kind', 'target'],
    });
    this.outboxLagSeconds = metrics.gauge({
      name: 'lendwire_outbox_lag_seconds',
      help: 'Age of the oldest outbox event not yet relayed (0 when none)',
    });
    metrics.gauge({
      name: 'lendwire_circuit_open',
      help: 'Whether the circuit breaker of an endpoint is open (1, waiting for or probing after its cool-down) or closed (0), per endpoint that ever failed',
      labelNames: ['kind', 'target'],
      async collect() {
        try {
          const rows = (await knex.withSchema(schema).table('delivery_targets').select('target_kind', 'target_id', 'circuit_open_until')) as {
            target_kind: string;
            target_id: string;
            circuit_open_until: Date | null;
          }[];
          this.reset();
          for (const r of rows) this.set({ kind: r.target_kind, target: r.target_id }, r.circuit_open_until ? 1 : 0);
        } catch {
          // The database being down must not break /metrics; the last values stay.
        }
      },
    });
  }
}
