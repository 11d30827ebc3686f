import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import { TOKENS } from '../kernel/tokens.js';
import type { LendwireConfig } from '../kernel/LendwireConfig.js';
import { SingleFlight } from './SingleFlight.js';

export interface TargetState {
  consecutiveFailures: number;
  failingSince: Date | null;
  circuitOpenUntil: Date | null;
}

export interface TargetRef {
  kind: string;
  id: string;
}

const HEALTHY_CACHE_MS = 1_000;

/**
 * Per-target health (circuit breaker, continuous failure, backlog alert) in
 * `delivery_targets`. One per process (its cache of healthy targets is shared
 * by the worker, the reconciler and every service that resumes a target).
 */
@injectable()
export class TargetStateStore {
  private readonly schema: string;

  constructor(
    @inject(TOKENS.Knex) private readonly knex: Knex,
    @inject(TOKENS.Config) config: Pick<LendwireConfig, 'schema'>,
  ) {
    this.schema = config.schema;
  }

  private table(db: Knex | Knex.Transaction = this.knex) {
    return db.withSchema(this.schema).table('delivery_targets');
  }

  /**
   * Targets seen healthy recently (key -> when). Skips a read per delivery on
   * the hot path; a circuit opened by another process is seen within HEALTHY_CACHE_MS.
   */
  private readonly healthy = new Map<string, number>();

  async get(target: TargetRef): Promise<TargetState> {
    const key = `${target.kind}:${target.id}`;
    const seen = this.healthy.get(key);
    if (seen !== undefined && Date.now() - seen < HEALTHY_CACHE_MS) return { consecutiveFailures: 0, failingSince: null, circuitOpenUntil: null };
    return this.reads.run(key, () => this.read(target, key));
  }

  /** Deliveries to one target asking at once share one read. */
  private readonly reads = new SingleFlight<TargetState>();

  private async read(target: TargetRef, key: string): Promise<TargetState> {
    const row = await this.table().where({ target_kind: target.kind, target_id: target.id }).first();
    const state = {
      consecutiveFailures: row ? Number(row.consecutive_failures) : 0,
      failingSince: row?.failing_since ?? null,
      circuitOpenUntil: row?.circuit_open_until ?? null,
    };
    if (state.consecutiveFailures === 0 && !state.circuitOpenUntil) {
      if (this.healthy.size > 10_000) this.healthy.clear();
      this.healthy.set(key, Date.now());
    } else this.healthy.delete(key);
    return state;
  }

  async recordSuccess(trx: Knex.Transaction, target: TargetRef): Promise<void> {
    await this.table(trx)
      .insert({ target_kind: target.kind, target_id: target.id })
      .onConflict(['target_kind', 'target_id'])
      .merge({ consecutive_failures: 0, failing_since: null, circuit_open_until: null, updated_at: trx.fn.now() });
  }

  /**
   * Counts a failed attempt; opens the circuit once `threshold` attempts in a
   * row failed (and again after each failed probe). Returns the new state.
   */
  async recordFailure(trx: Knex.Transaction, target: TargetRef, now: Date, threshold: number, cooldownMs: number): Promise<TargetState> {
    this.healthy.delete(`${target.kind}:${target.id}`);
    this.reads.forget(`${target.kind}:${target.id}`);
    const [row] = await this.table(trx)
      .insert({ target_kind: target.kind, target_id: target.id, consecutive_failures: 1, failing_since: now })
      .onConflict(['target_kind', 'target_id'])
      .merge({
        consecutive_failures: trx.raw('?? + 1', ['delivery_targets.consecutive_failures']),
        failing_since: trx.raw('coalesce(??, ?)', ['delivery_targets.failing_since', now]),
        updated_at: trx.fn.now(),
      })
      .returning(['consecutive_failures', 'failing_since', 'circuit_open_until']);
    const failures = Number(row.consecutive_failures);
    let circuitOpenUntil: Date | null = row.circuit_open_until ?? null;
    if (failures >= threshold) {
      circuitOpenUntil = new Date(now.getTime() + cooldownMs);
      await this.table(trx).where({ target_kind: target.kind, target_id: target.id }).update({ circuit_open_until: circuitOpenUntil });
    }
    return { consecutiveFailures: failures, failingSince: row.failing_since, circuitOpenUntil };
  }

  /** Forgets failures (an operator re-enabled the target). */
  private async reset(db: Knex | Knex.Transaction, target: TargetRef): Promise<void> {
    await this.table(db)
      .where({ target_kind: target.kind, target_id: target.id })
      .update({ consecutive_failures: 0, failing_since: null, circuit_open_until: null, backlog_alerted: false, updated_at: db.fn.now() });
  }

  /**
   * Resumes a target an operator (or the manifest) enabled again: its failure
   * history is forgotten and its paused deliveries go back to pending. Returns
   * their ids, to enqueue after the caller's transaction commits.
   */
  async resume(trx: Knex.Transaction, target: TargetRef): Promise<string[]> {
    await this.reset(trx, target);
    const rows: { id: string }[] = await trx
      .withSchema(this.schema)
      .table('deliveries')
      .where({ target_kind: target.kind, target_id: target.id, status: 'paused' })
      .update({ status: 'pending', attempts: 0, next_attempt_at: trx.fn.now(), updated_at: trx.fn.now() })
      .returning(['id']);
    return rows.map((r) => r.id);
  }

  /** Marks the backlog alert raised; true only for the caller that raised it (once per crossing). */
  async raiseBacklogAlert(trx: Knex.Transaction, target: TargetRef): Promise<boolean> {
    const rows = await this.table(trx)
      .insert({ target_kind: target.kind, target_id: target.id, backlog_alerted: true })
      .onConflict(['target_kind', 'target_id'])
      .merge({ backlog_alerted: true, updated_at: trx.fn.now() })
      .where('delivery_targets.backlog_alerted', false)
      .returning(['target_id']);
    return rows.length > 0;
  }

  /** Re-arms the backlog alert of targets whose backlog went back under the threshold. */
  async clearBacklogAlerts(db: Knex, stillOver: TargetRef[]): Promise<void> {
    const q = this.table(db).where({ backlog_alerted: true });
    for (const t of stillOver) q.whereNot((w) => w.where({ target_kind: t.kind, target_id: t.id }));
    await q.update({ backlog_alerted: false, updated_at: db.fn.now() });
  }
}
