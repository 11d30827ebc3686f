import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Clock } from './Clock.js';
import { PeriodicTask } from './PeriodicTask.js';
import type { Startable } from './lifecycle.js';

const DAY_MS = 86_400_000;
/** How often a retention task looks for expired rows. */
const PRUNE_EVERY_MS = 60 * 60_000;

/** What one retention task deletes: rows of `table` whose `timeColumn` is older than `retentionDays`. */
export interface RetentionRule {
  table: string;
  timeColumn: string;
  retentionDays: number;
  /** The rows in words, for the task's name and its log line ("audit log lines"). */
  rows: string;
}

/** What a retention task is built from: its component name, where the rows are, and the rule. */
export interface RetentionTaskParts {
  name: string;
  knex: Knex;
  schema: string;
  clock: Clock;
  logger: Logger;
  rule: RetentionRule;
}

/**
 * Deletes rows once they are older than their retention period, every hour, in
 * short batches by id: plain deletes, safe in several processes at once. Until
 * the cutoff a row is never touched. Each retention (raw callbacks, audit log,
 * delivered batch files) is a feature's injectable subclass naming its rule.
 */
export class RetentionTask implements Startable {
  readonly name: string;
  private readonly knex: Knex;
  private readonly schema: string;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly rule: RetentionRule;
  private readonly task: PeriodicTask;

  constructor(parts: RetentionTaskParts) {
    ({ name: this.name, knex: this.knex, schema: this.schema, clock: this.clock, rule: this.rule } = parts);
    this.logger = parts.logger.child({ component: parts.name });
    this.task = new PeriodicTask(() => this.prune(), { name: `${parts.rule.rows} pruning`, intervalMs: PRUNE_EVERY_MS, logger: this.logger });
  }

  async start(): Promise<void> {
    this.task.start();
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  /** Deletes every row older than the cutoff, `batch` rows per statement; returns how many. */
  async prune(batch = 1000): Promise<number> {
    const { knex, schema, rule } = this;
    const cutoff = new Date(this.clock.now().getTime() - rule.retentionDays * DAY_MS);
    const expired = () => knex.withSchema(schema).table(rule.table).select('id').where(rule.timeColumn, '<', cutoff).orderBy('id').limit(batch);
    let total = 0;
    for (;;) {
      const deleted = await knex.withSchema(schema).table(rule.table).whereIn('id', expired()).delete();
      total += deleted;
      if (deleted < batch) break;
    }
    if (total) this.logger.info({ deleted: total, retentionDays: rule.retentionDays }, `deleted ${rule.rows} past retention`);
    return total;
  }
}
