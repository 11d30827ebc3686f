import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import { TOKENS } from '../kernel/tokens.js';
import type { Clock } from '../kernel/Clock.js';
import type { LendwireConfig } from '../kernel/LendwireConfig.js';
import type { BatchRecord, BatchWindow, FileBatch, FileBatches } from '../sdk/FileBatches.js';

type Row = Record<string, unknown>;

const date = (v: unknown): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));

function toBatch(row: Row, replayed = false): FileBatch {
  return {
    id: String(row.id),
    sequence: Number(row.sequence),
    openedAt: date(row.opened_at)!,
    closesAt: date(row.closes_at)!,
    closedAt: date(row.closed_at),
    recordCount: Number(row.record_count),
    deliveredAt: date(row.delivered_at),
    replayed,
  };
}

/**
 * The `file_batches` and `file_batch_records` tables behind `FileBatches`
 * (see plugin/sdk/FileBatches.ts). One subscription's batches change under a
 * transaction-scoped advisory lock, so concurrent deliveries join in one order.
 */
@injectable()
export class FileBatchStore {
  private readonly schema: string;

  constructor(
    @inject(TOKENS.Knex) private readonly knex: Knex,
    @inject(TOKENS.Config) config: Pick<LendwireConfig, 'schema'>,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {
    this.schema = config.schema;
  }

  /** The batches of one subscription, as a transport sees them. */
  forSubscription(subscriptionId: string): FileBatches {
    return {
      join: (record, window) => this.join(subscriptionId, record, window),
      records: (batchId) => this.records(subscriptionId, batchId),
      claim: (batchId, leaseMs) => this.claim(subscriptionId, batchId, leaseMs),
      release: (batchId, delivered, eventId) => this.release(subscriptionId, batchId, delivered, eventId),
    };
  }

  private table(db: Knex | Knex.Transaction, name: 'file_batches' | 'file_batch_records') {
    return db.withSchema(this.schema).table(name);
  }

  private async join(subscriptionId: string, record: BatchRecord, window: BatchWindow): Promise<FileBatch> {
    return this.knex.transaction(async (trx) => {
      await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`lendwire.file-batch.${this.schema}.${subscriptionId}`]);
      const now = this.clock.now();
      const closeIfDue = async (row: Row): Promise<Row> => {
        if (row.closed_at || (date(row.closes_at)! > now && Number(row.record_count) < Number(row.max_records))) return row;
        const [closed] = await this.table(trx, 'file_batches').where({ id: row.id }).update({ closed_at: now }).returning('*');
        return closed as Row;
      };
      const mine = { subscription_id: subscriptionId, event_id: record.eventId };
      const joined = (await this.table(trx, 'file_batch_records').where(mine).first('batch_id', 'acknowledged_at')) as Row | undefined;
      if (joined) {
        const batch = await closeIfDue((await this.table(trx, 'file_batches').where({ id: joined.batch_id }).first()) as Row);
        if (!batch.delivered_at) return toBatch(batch);
        if (joined.acknowledged_at) return toBatch(batch, true);
        await this.table(trx, 'file_batch_records').where(mine).update({ acknowledged_at: now });
        return toBatch(batch);
      }

      let open = (await this.table(trx, 'file_batches').where({ subscription_id: subscriptionId }).whereNull('closed_at').first()) as Row | undefined;
      if (open && (await closeIfDue(open)).closed_at) open = undefined;
      if (!open) {
        const last = (await this.table(trx, 'file_batches').where({ subscription_id: subscriptionId }).max('sequence as max').first()) as { max: number | null };
        const sequence = Number(last?.max ?? 0) + 1;
        [open] = (await this.table(trx, 'file_batches')
          .insert({
            id: `bat_${subscriptionId}_${sequence}`,
            subscription_id: subscriptionId,
            sequence,
            opened_at: now,
            closes_at: new Date(now.getTime() + window.maxAgeMs),
            max_records: window.maxRecords,
          })
          .returning('*')) as Row[];
      }
      const position = Number(open!.record_count) + 1;
      await this.table(trx, 'file_batch_records').insert({
        batch_id: open!.id,
        position,
        subscription_id: subscriptionId,
        event_id: record.eventId,
        event_type: record.type,
        event_time: record.timestamp,
        body: record.body,
      });
      const [updated] = (await this.table(trx, 'file_batches').where({ id: open!.id }).update({ record_count: position }).returning('*')) as Row[];
      return toBatch(await closeIfDue(updated));
    });
  }

  private async records(subscriptionId: string, batchId: string): Promise<BatchRecord[]> {
    const rows = (await this.table(this.knex, 'file_batch_records').where({ batch_id: batchId, subscription_id: subscriptionId }).orderBy('position')) as Row[];
    return rows.map((r) => ({ eventId: String(r.event_id), type: String(r.event_type), timestamp: String(r.event_time), body: String(r.body) }));
  }

  private async claim(subscriptionId: string, batchId: string, leaseMs: number): Promise<boolean> {
    const now = this.clock.now();
    const claimed = await this.table(this.knex, 'file_batches')
      .where({ id: batchId, subscription_id: subscriptionId })
      .whereNotNull('closed_at')
      .where((q) => q.whereNull('upload_lease_until').orWhere('upload_lease_until', '<=', now))
      .update({ upload_lease_until: new Date(now.getTime() + leaseMs) });
    return Number(claimed) === 1;
  }

  private async release(subscriptionId: string, batchId: string, delivered: boolean, eventId: string): Promise<void> {
    const now = this.clock.now();
    await this.knex.transaction(async (trx) => {
      await this.table(trx, 'file_batches')
        .where({ id: batchId, subscription_id: subscriptionId })
        .update({ upload_lease_until: null, ...(delivered ? { delivered_at: trx.raw('coalesce(delivered_at, ?)', [now]) } : {}) });
      if (delivered) await this.table(trx, 'file_batch_records').where({ subscription_id: subscriptionId, event_id: eventId }).update({ acknowledged_at: now });
    });
  }
}
