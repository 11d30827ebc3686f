import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { TOKENS } from '../kernel/tokens.js';
import type { LendwireConfig } from '../kernel/LendwireConfig.js';
import type { Manifest } from '../manifest/Manifest.js';
import type { Clock } from '../kernel/Clock.js';
import type { Startable } from '../kernel/lifecycle.js';
import { PeriodicTask } from '../kernel/PeriodicTask.js';
import { pruneOlderThan } from '../kernel/pruneOlderThan.js';

const DAY_MS = 86_400_000;
/** How often to look for expired rows. */
const PRUNE_EVERY_MS = 60 * 60_000;

/**
 * Deletes stored raw callbacks once they are older than the manifest's
 * retention period (default 7 years). Until then they are the audit trail and
 * are never touched. Safe in several processes at once (plain batched deletes).
 */
@injectable()
export class RawCallbackRetention implements Startable {
  readonly name = 'raw-callback-retention';
  private readonly schema: string;
  /** Manifest retention.rawCallbacksDays (never under 25 months: ECOA Reg B). */
  private readonly retentionDays: number;
  private readonly logger: Logger;
  private readonly task: PeriodicTask;

  constructor(
    @inject(TOKENS.Knex) private readonly knex: Knex,
    @inject(TOKENS.Config) config: Pick<LendwireConfig, 'schema'>,
    @inject(TOKENS.Manifest) manifest: Pick<Manifest, 'retention'>,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Logger) logger: Logger,
  ) {
    this.schema = config.schema;
    this.retentionDays = manifest.retention.rawCallbacksDays;
    this.logger = logger.child({ component: 'raw-callback-retention' });
    this.task = new PeriodicTask(() => this.prune(), { name: 'raw callback pruning', intervalMs: PRUNE_EVERY_MS, logger: this.logger });
  }

  async start(): Promise<void> {
    this.task.start();
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  /** Deletes every raw callback received before the retention cutoff, in batches; returns how many. */
  async prune(batch = 1000): Promise<number> {
    const { knex, schema, clock, retentionDays, logger } = this;
    const cutoff = new Date(clock.now().getTime() - retentionDays * DAY_MS);
    const total = await pruneOlderThan(knex, schema, 'raw_callbacks', 'received_at', cutoff, batch);
    if (total) logger.info({ deleted: total, retentionDays }, 'deleted raw callbacks past retention');
    return total;
  }
}
