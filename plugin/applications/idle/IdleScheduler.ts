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
import { scanReactivation } from './scanReactivation.js';
import { scanAdverseActionDue } from './scanAdverseActionDue.js';
import { reactivationPlaybook, type ReactivationStep } from './ReactivationPlaybook.js';
import type { Manifest } from '../../manifest/Manifest.js';

export const IDLE_QUEUE = 'application-idle';
const SCHEDULER_ID = 'application-idle-scan';

/**
 * Runs the time-driven scans on a BullMQ job scheduler (`upsertJobScheduler`),
 * so however many processes run workers, one scan runs per interval:
 * `application.idle`, the reactivation playbook of customer journeys, and the
 * adverse-action reminders.
 */
@injectable()
export class IdleScheduler implements Startable {
  readonly name = 'idle-scheduler';
  private readonly schema: string;
  private readonly playbook: ReactivationStep[];
  private readonly reminderDays: number;

  constructor(
    @inject(TOKENS.Knex) private readonly knex: Knex,
    @inject(TOKENS.Config) config: LendwireConfig,
    @inject(TOKENS.Queues) private readonly queues: QueueFactory,
    @inject(IDLE_TOKENS.IdleSettings) private readonly settings: IdleSettings,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Manifest) manifest: Pick<Manifest, 'reactivation' | 'compliance'>,
  ) {
    this.schema = config.schema;
    this.playbook = reactivationPlaybook(manifest);
    this.reminderDays = manifest.compliance?.adverseActionReminderDays ?? 5;
  }

  /** One run of every scan at the clock's now (the job runs it; tests may call it). */
  async scan(): Promise<{ sent: Record<string, number>; reactivation: Record<string, number>; adverseActionDue: number }> {
    const { knex, schema, settings } = this;
    const now = this.clock.now();
    const { sent } = await scanIdleApplications(knex, schema, settings, now);
    const reactivation = await scanReactivation(knex, schema, this.playbook, settings, now);
    const adverseActionDue = await scanAdverseActionDue(knex, schema, this.reminderDays, settings.batchSize, now);
    return { sent, reactivation, adverseActionDue };
  }

  async start(): Promise<void> {
    const { queues, settings } = this;
    queues.worker<{ correlationId?: string }>(IDLE_QUEUE, async (_job, ctx) => {
      const result = await this.scan();
      const total = Object.values(result.sent).reduce((a, b) => a + b, 0);
      if (total) ctx.logger.info({ sent: result.sent }, `application.idle sent for ${total} application(s)`);
      const steps = Object.values(result.reactivation).reduce((a, b) => a + b, 0);
      if (steps) ctx.logger.info({ reactivation: result.reactivation }, `reactivation playbook: ${steps} step(s) sent`);
      if (result.adverseActionDue) ctx.logger.info({ sent: result.adverseActionDue }, 'application.adverse_action_due sent');
      return result;
    });
    await queues.queue(IDLE_QUEUE).upsertJobScheduler(SCHEDULER_ID, { every: settings.scanEveryMs }, { name: 'scan', data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } });
  }

  async stop(): Promise<void> {
    // The factory closes the worker; the scheduler stays in Redis for the next start.
  }
}
