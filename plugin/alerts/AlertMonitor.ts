import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { TOKENS } from '../kernel/tokens.js';
import type { LendwireConfig } from '../kernel/LendwireConfig.js';
import type { Clock } from '../kernel/Clock.js';
import type { Startable } from '../kernel/lifecycle.js';
import { PeriodicTask } from '../kernel/PeriodicTask.js';
import type { Metrics } from '../observability/Metrics.js';
import { appendEvent } from '../events/appendEvent.js';
import type { AlertSettings } from './AlertSettings.js';
import { adverseActionOverdueCondition, backlogConditions, callbackSuccessCondition, newDeadLetters, newFailedCallbacks, vendorLatencyConditions, type LevelCondition } from './alertConditions.js';
import { ALERTS_TOKENS } from './tokens.js';

/** One advisory lock per schema: a single process evaluates at a time. */
const LOCK_KEY = (schema: string) => `lendwire.alerts.${schema}`;

/**
 * Watches the operations conditions an operator must hear about (callback
 * success rate, vendor latency, dead letters, failed callbacks, backlogs) and raises each one
 * three ways at once: an `alert.raised` / `alert.resolved` ops event in the
 * outbox (deliverable to any subscription, e.g. `alert.*`), metrics, and a log
 * line. Level alerts fire once per crossing; state lives in Postgres so several
 * processes agree.
 */
@injectable()
export class AlertMonitor implements Startable {
  readonly name = 'alert-monitor';
  private readonly task: PeriodicTask;
  private readonly active;
  private readonly raised;
  private readonly schema: string;
  private readonly logger: Logger;

  constructor(
    @inject(TOKENS.Knex) private readonly knex: Knex,
    @inject(TOKENS.Config) config: Pick<LendwireConfig, 'schema'>,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Logger) logger: Logger,
    @inject(TOKENS.Metrics) metrics: Metrics,
    @inject(ALERTS_TOKENS.AlertSettings) private readonly settings: AlertSettings,
  ) {
    this.schema = config.schema;
    this.logger = logger.child({ component: 'alerts' });
    this.active = metrics.gauge({ name: 'lendwire_alert_active', help: 'Whether an alert is raised (1) or not (0), by alert and subject', labelNames: ['alert', 'key'] });
    this.raised = metrics.counter({ name: 'lendwire_alerts_raised_total', help: 'Alerts raised, by alert', labelNames: ['alert'] });
    this.task = new PeriodicTask(() => this.check(), {
      name: 'alert check',
      intervalMs: settings.checkIntervalMs,
      firstRunAfterMs: Math.min(1000, settings.checkIntervalMs),
      logger: this.logger,
    });
  }

  async start(): Promise<void> {
    this.task.start();
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  /** One evaluation of every condition (public for tests and for `lendwire worker`-less hosts). */
  async check(): Promise<void> {
    const { knex, schema, settings } = this;
    const now = this.clock.now();
    const since = new Date(now.getTime() - settings.windowMinutes * 60_000);
    await knex.transaction(async (trx) => {
      const [{ locked }] = (await trx.raw('SELECT pg_try_advisory_xact_lock(hashtext(?)) AS locked', [LOCK_KEY(schema)])).rows;
      if (!locked) return; // another process is checking right now
      const levels: LevelCondition[] = [
        await callbackSuccessCondition(trx, schema, settings, since),
        ...(await vendorLatencyConditions(trx, schema, settings, since)),
        ...(await backlogConditions(trx, schema, settings)),
        await adverseActionOverdueCondition(trx, schema, now),
      ];
      for (const c of levels) await this.applyLevel(trx, c, now);
      await this.checkDeadLetters(trx, now);
      await this.checkFailedCallbacks(trx, now);
    });
  }

  private async applyLevel(trx: Knex.Transaction, c: LevelCondition, now: Date): Promise<void> {
    const { schema } = this;
    const state = await trx.withSchema(schema).table('alert_state').where({ key: c.key }).forUpdate().first();
    const wasActive = Boolean(state?.active);
    this.active.set({ alert: c.alert, key: c.key }, c.active ? 1 : 0);
    if (wasActive === c.active) {
      if (state) await trx.withSchema(schema).table('alert_state').where({ key: c.key }).update({ checked_at: now });
      return;
    }
    await trx
      .withSchema(schema)
      .table('alert_state')
      .insert({ key: c.key, active: c.active, since: now, details: JSON.stringify(c.details), checked_at: now })
      .onConflict('key')
      .merge();
    await appendEvent(trx, schema, { type: c.active ? 'alert.raised' : 'alert.resolved', data: { alert: c.alert, key: c.key, message: c.message, at: now.toISOString(), ...c.details } });
    if (c.active) {
      this.raised.inc({ alert: c.alert });
      this.logger.warn({ alert: c.alert, key: c.key, ...c.details }, `ALERT raised: ${c.message}`);
    } else {
      this.logger.info({ alert: c.alert, key: c.key, ...c.details }, `alert resolved: ${c.message}`);
    }
  }

  /** Every new dead letter is worth a page: one alert per check that found some. */
  private async checkDeadLetters(trx: Knex.Transaction, now: Date): Promise<void> {
    await this.alertOnNew(trx, now, 'dead_letter', async (after) => {
      const found = await newDeadLetters(trx, this.schema, after);
      return { ...found, message: `${found.count} delivery(ies) dead-lettered`, details: { deliveryIds: found.deliveryIds } };
    });
  }

  /** So is every callback parked because its processing kept failing (it waits in the review queue). */
  private async checkFailedCallbacks(trx: Knex.Transaction, now: Date): Promise<void> {
    await this.alertOnNew(trx, now, 'callback_failed', async (after) => {
      const found = await newFailedCallbacks(trx, this.schema, after);
      return { ...found, message: `${found.count} callback(s) could not be processed and wait in the review queue`, details: { rawCallbackIds: found.ids } };
    });
  }

  /** One `alert.raised` per check that finds new rows after the watermark kept in alert_state under `key`. */
  private async alertOnNew(
    trx: Knex.Transaction,
    now: Date,
    key: 'dead_letter' | 'callback_failed',
    find: (after: Date) => Promise<{ count: number; newest: Date | null; message: string; details: Record<string, unknown> }>,
  ): Promise<void> {
    const { schema } = this;
    const state = await trx.withSchema(schema).table('alert_state').where({ key }).forUpdate().first();
    const watermark = state?.details?.watermark ? new Date(state.details.watermark) : new Date(0);
    const found = await find(watermark);
    const details = { watermark: (found.newest ?? watermark).toISOString() };
    await trx.withSchema(schema).table('alert_state').insert({ key, active: false, details: JSON.stringify(details), checked_at: now }).onConflict('key').merge();
    if (!found.count) return;
    await appendEvent(trx, schema, { type: 'alert.raised', data: { alert: key, key, message: found.message, at: now.toISOString(), count: found.count, ...found.details } });
    this.raised.inc({ alert: key });
    this.logger.warn({ alert: key, count: found.count, ...found.details }, `ALERT raised: ${found.message}`);
  }
}
