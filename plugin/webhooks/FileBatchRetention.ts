import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { TOKENS } from '../kernel/tokens.js';
import type { LendwireConfig } from '../kernel/LendwireConfig.js';
import type { Manifest } from '../manifest/Manifest.js';
import type { Clock } from '../kernel/Clock.js';
import { RetentionTask } from '../kernel/RetentionTask.js';

/**
 * Deletes batch files (`file_batches`, their records with them) delivered longer
 * ago than `retention.deliveriesDays`, like the deliveries that sent them. A
 * batch not delivered yet (open, uploading, dead-lettered) is never touched:
 * its replay rebuilds the same file from these rows.
 */
@injectable()
export class FileBatchRetention extends RetentionTask {
  constructor(
    @inject(TOKENS.Knex) knex: Knex,
    @inject(TOKENS.Config) config: Pick<LendwireConfig, 'schema'>,
    @inject(TOKENS.Manifest) manifest: Pick<Manifest, 'retention'>,
    @inject(TOKENS.Clock) clock: Clock,
    @inject(TOKENS.Logger) logger: Logger,
  ) {
    const rule = { table: 'file_batches', timeColumn: 'delivered_at', retentionDays: manifest.retention.deliveriesDays, rows: 'delivered batch files' };
    super({ name: 'file-batch-retention', knex, schema: config.schema, clock, logger, rule });
  }
}
