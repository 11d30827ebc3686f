import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { TOKENS } from '../kernel/tokens.js';
import type { LendwireConfig } from '../kernel/LendwireConfig.js';
import type { Manifest } from '../manifest/Manifest.js';
import type { Clock } from '../kernel/Clock.js';
import type { Startable } from '../kernel/lifecycle.js';
import { RetentionTask } from '../kernel/RetentionTask.js';

/**
 * Deletes batch files (`file_batches`, their records with them) delivered longer
 * ago than `retention.deliveriesDays`, like the deliveries that sent them. A
 * batch not delivered yet (open, uploading, dead-lettered) is never touched:
 * its replay rebuilds the same file from these rows.
 */
@injectable()
export class FileBatchRetention implements Startable {
  readonly name = 'file-batch-retention';
  private readonly retention: RetentionTask;

  constructor(
    @inject(TOKENS.Knex) knex: Knex,
    @inject(TOKENS.Config) config: Pick<LendwireConfig, 'schema'>,
    @inject(TOKENS.Manifest) manifest: Pick<Manifest, 'retention'>,
    @inject(TOKENS.Clock) clock: Clock,
    @inject(TOKENS.Logger) logger: Logger,
  ) {
    const rule = { table: 'file_batches', timeColumn: 'delivered_at', retentionDays: manifest.retention.deliveriesDays, rows: 'delivered batch files' };
    this.retention = new RetentionTask(knex, config.schema, clock, logger.child({ component: this.name }), rule);
  }

  async start(): Promise<void> {
    this.retention.start();
  }

  stop(): Promise<void> {
    return this.retention.stop();
  }

  /** Deletes every batch delivered before the retention cutoff, in batches; returns how many. */
  prune(batch?: number): Promise<number> {
    return this.retention.prune(batch);
  }
}
