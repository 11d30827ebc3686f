import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { TOKENS } from '../kernel/tokens.js';
import type { LendwireConfig } from '../kernel/LendwireConfig.js';
import type { Manifest } from '../manifest/Manifest.js';
import type { Clock } from '../kernel/Clock.js';
import { RetentionTask } from '../kernel/RetentionTask.js';

/**
 * Deletes stored raw callbacks once they are older than the manifest's
 * `retention.rawCallbacksDays` (default 7 years, never under 25 months: ECOA
 * Reg B). Until then they are the audit trail and are never touched.
 */
@injectable()
export class RawCallbackRetention extends RetentionTask {
  constructor(
    @inject(TOKENS.Knex) knex: Knex,
    @inject(TOKENS.Config) config: Pick<LendwireConfig, 'schema'>,
    @inject(TOKENS.Manifest) manifest: Pick<Manifest, 'retention'>,
    @inject(TOKENS.Clock) clock: Clock,
    @inject(TOKENS.Logger) logger: Logger,
  ) {
    const rule = { table: 'raw_callbacks', timeColumn: 'received_at', retentionDays: manifest.retention.rawCallbacksDays, rows: 'raw callbacks' };
    super({ name: 'raw-callback-retention', knex, schema: config.schema, clock, logger, rule });
  }
}
