import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { TOKENS } from '../kernel/tokens.js';
import type { LendwireConfig } from '../kernel/LendwireConfig.js';
import type { Manifest } from '../manifest/Manifest.js';
import type { Clock } from '../kernel/Clock.js';
import { RetentionTask } from '../kernel/RetentionTask.js';

/**
 * Deletes audit log lines older than the manifest's `retention.auditLogDays`
 * (default and minimum 761 days: 25 months, the ECOA record retention), the way
 * raw callbacks are pruned. Until then a line is never touched.
 */
@injectable()
export class AuditRetention extends RetentionTask {
  constructor(
    @inject(TOKENS.Knex) knex: Knex,
    @inject(TOKENS.Config) config: Pick<LendwireConfig, 'schema'>,
    @inject(TOKENS.Manifest) manifest: Pick<Manifest, 'retention'>,
    @inject(TOKENS.Clock) clock: Clock,
    @inject(TOKENS.Logger) logger: Logger,
  ) {
    const rule = { table: 'audit_log', timeColumn: 'at', retentionDays: manifest.retention.auditLogDays, rows: 'audit log lines' };
    super({ name: 'audit-retention', knex, schema: config.schema, clock, logger, rule });
  }
}
