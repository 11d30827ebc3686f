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
/** How often to look for expired lines. */
const PRUNE_EVERY_MS = 60 * 60_000;

/**
 * Deletes audit log lines older than the manifest's `retention.auditLogDays`
 * (default and minimum 761 days: 25 months, the ECOA record retention), the way
 * raw callbacks are pruned. Until then a line is never touched.
 */
@injectable()
export class AuditRetention implements Startable {
  readonly name = 'audit-retention';
  private readonly schema: string;
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
    this.retentionDays = manifest.retention.auditLogDays;
    this.logger = logger.child({ component: 'audit-retention' });
    this.task = new PeriodicTask(() => this.prune(), { name: 'audit log pruning', intervalMs: PRUNE_EVERY_MS, logger: this.logger });
  }

  async start(): Promise<void> {
    this.task.start();
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  /** Deletes every audit line written before the retention cutoff, in batches; returns how many. */
  async prune(batch = 1000): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - this.retentionDays * DAY_MS);
    const total = await pruneOlderThan(this.knex, this.schema, 'audit_log', 'at', cutoff, batch);
    if (total) this.logger.info({ deleted: total, retentionDays: this.retentionDays }, 'deleted audit log lines past retention');
    return total;
  }
}
