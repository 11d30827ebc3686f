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
 * Deletes stored raw callbacks once they are older than the manifest's
 * `retention.rawCallbacksDays` (default 7 years, never under 25 months: ECOA
 * Reg B). Until then they are the audit trail and are never touched.
 */
@injectable()
export class RawCallbackRetention implements Startable {
  readonly name = 'raw-callback-retention';
  private readonly retention: RetentionTask;

  constructor(
    @inject(TOKENS.Knex) knex: Knex,
    @inject(TOKENS.Config) config: Pick<LendwireConfig, 'schema'>,
    @inject(TOKENS.Manifest) manifest: Pick<Manifest, 'retention'>,
    @inject(TOKENS.Clock) clock: Clock,
    @inject(TOKENS.Logger) logger: Logger,
  ) {
    const rule = { table: 'raw_callbacks', timeColumn: 'received_at', retentionDays: manifest.retention.rawCallbacksDays, rows: 'raw callbacks' };
    this.retention = new RetentionTask(knex, config.schema, clock, logger.child({ component: this.name }), rule);
  }

  async start(): Promise<void> {
    this.retention.start();
  }

  stop(): Promise<void> {
    return this.retention.stop();
  }

  /** Deletes every raw callback received before the retention cutoff, in batches; returns how many. */
  prune(batch?: number): Promise<number> {
    return this.retention.prune(batch);
  }
}
