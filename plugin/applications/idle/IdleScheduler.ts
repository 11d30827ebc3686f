import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import { TOKENS } from '../../kernel/tokens.js';
import type { LendwireConfig } from '../../kernel/LendwireConfig.js';
import type { Clock } from '../../kernel/Clock.js';
import type { Startable } from '../../kernel/lifecycle.js';
import type { QueueFactory } from '../../queue/QueueFactory.js';
import type { IdleSettings } from './IdleSettings.js';
import { IDLE_TOKENS } from './tokens.js';
import { scanIdleApplications } from './scanIdleApplications.js';

export const IDLE_QUEUE = 'application-idle';
const SCHEDULER_ID = 'application-idle-scan';

/**
 * Runs the idle scan on a BullMQ job scheduler (`upsertJobScheduler`), so
 * however many processes run workers, one scan runs per interval.
 */
@injectable()
export class IdleScheduler implements Startable {
  readonly name = 'idle-scheduler';
  private readonly schema: string;

  constructor(
    @inject(TOKENS.Knex) private readonly knex: Knex,
    @inject(TOKENS.Config) config: LendwireConfig,
    @inject(TOKENS.Queues) private readonly queues: QueueFactory,
    @inject(IDLE_TOKENS.IdleSettings) private readonly settings: IdleSettings,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {
    this.schema = config.schema;
  }

  async start(): Promise<void> {
    const { queues, settings } = this;
    queues.worker<{ correlationId?: string }>(IDLE_QUEUE, async (_job, ctx) => {
      const result = await scanIdleApplications(this.knex, this.schema, settings, this.clock.now());
      const total = Object.values(result.sent).reduce((a, b) => a + b, 0);
      if (total) ctx.logger.info({ sent: result.sent }, `application.idle sent for ${total} application(s)`);
      return result;
    });
    await queues.queue(IDLE_QUEUE).upsertJobScheduler(SCHEDULER_ID, { every: settings.scanEveryMs }, { name: 'scan', data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } });
  }

  async stop(): Promise<void> {
    // The factory closes the worker; the scheduler stays in Redis for the next start.
  }
}
