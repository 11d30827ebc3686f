import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Clock } from '../kernel/Clock.js';
import type { Startable } from '../kernel/lifecycle.js';
import { PeriodicTask } from '../kernel/PeriodicTask.js';

export interface RawCallbackRetentionOptions {
  knex: Knex;
  schema: string;
  clock: Clock;
  logger: Logger;
  /** Manifest retention.rawCallbacksDays (never under 25 months: ECOA Reg B). */
  retentionDays: number;
  /** How often to look for expired rows. */
  intervalMs: number;
}

const DAY_MS = 86_400_000;

/**
 * Deletes stored raw callbacks once they are older than the manifest's
 * retention period (default 7 years). Until then they are the audit trail and
 * are never touched. Safe in several processes at once (plain batched deletes).
 */
export class RawCallbackRetention implements Startable {
  readonly name = 'raw-callback-retention';
  private readonly task: PeriodicTask;

  constructor(private readonly options: RawCallbackRetentionOptions) {
    this.task = new PeriodicTask(() => this.prune(), { name: 'raw callback pruning', intervalMs: options.intervalMs, logger: options.logger });
  }

  async start(): Promise<void> {
    this.task.start();
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  /** Deletes every raw callback received before the retention cutoff, in batches; returns how many. */
  async prune(batch = 1000): Promise<number> {
    const { knex, schema, clock, retentionDays, logger } = this.options;
    const cutoff = new Date(clock.now().getTime() - retentionDays * DAY_MS);
    let total = 0;
    for (;;) {
      const deleted = await knex
        .withSchema(schema)
        .table('raw_callbacks')
        .whereIn('id', knex.withSchema(schema).table('raw_callbacks').select('id').where('received_at', '<', cutoff).orderBy('id').limit(batch))
        .delete();
      total += deleted;
      if (deleted < batch) break;
    }
    if (total) logger.info({ deleted: total, retentionDays }, 'deleted raw callbacks past retention');
    return total;
  }
}
