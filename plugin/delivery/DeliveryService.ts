import { inject, injectable, multiInject } from 'inversify';
import type { Knex } from 'knex';
import { TOKENS } from '../kernel/tokens.js';
import type { LendwireConfig } from '../kernel/LendwireConfig.js';
import { InputError, NotFoundError } from '../errors/index.js';
import type { DeliveryQueue } from './DeliveryQueue.js';
import type { DeliveryTargetKind } from './DeliveryTargetKind.js';
import { fanOut, type OutboxRow } from './fanOut.js';
import { recordAudit } from '../audit/recordAudit.js';
import type { Actor } from '../audit/Actor.js';
import { DELIVERY_TOKENS } from './tokens.js';
import { presentDelivery, presentDeliveryAttempt, type DeliveryView } from './presentDelivery.js';

/** Bulk replays stop here per call; the answer says whether more are left. */
export const MAX_BULK_REPLAY = 1000;
/** Deliveries that are waiting or in flight are left alone by a replay (idempotent). */
const IN_PROGRESS = ['pending', 'delivering'];

/**
 * Deliveries at run time (`lendwire.deliveries`): inspect one, replay one,
 * replay every failed or dead-lettered delivery of an endpoint since a time,
 * re-send an event to whatever matches it now. Every replay is audited.
 */
@injectable()
export class DeliveryService {
  private readonly schema: string;

  constructor(
    @inject(TOKENS.Knex) private readonly knex: Knex,
    @inject(TOKENS.Config) config: Pick<LendwireConfig, 'schema'>,
    @inject(DELIVERY_TOKENS.DeliveryQueue) private readonly queue: DeliveryQueue,
    @multiInject(DELIVERY_TOKENS.DeliveryTargetKinds) private readonly kinds: readonly DeliveryTargetKind[],
  ) {
    this.schema = config.schema;
  }

  async get(id: string): Promise<DeliveryView> {
    const { knex, schema } = this;
    const d = await knex.withSchema(schema).table('deliveries').where({ id }).first();
    if (!d) throw new NotFoundError(`No delivery "${id}"`);
    const attempts = await knex.withSchema(schema).table('delivery_attempts').where({ delivery_id: id }).orderBy('id');
    return { ...presentDelivery(d), attemptLog: attempts.map(presentDeliveryAttempt) };
  }

  /** Re-queues rows that are not in progress; returns the ones it re-queued. */
  private async requeue(trx: Knex.Transaction, query: (q: Knex.QueryBuilder) => Knex.QueryBuilder): Promise<string[]> {
    const rows: { id: string }[] = await query(trx.withSchema(this.schema).table('deliveries'))
      .whereNotIn('status', IN_PROGRESS)
      .update({ status: 'pending', attempts: 0, next_attempt_at: trx.fn.now(), completed_at: null, replays: trx.raw('replays + 1'), updated_at: trx.fn.now() })
      .returning(['id']);
    return rows.map((r) => r.id);
  }

  /** Replays one delivery (any finished state); a delivery already waiting or in flight is left as it is. */
  async replay(id: string, { actor }: Actor): Promise<{ deliveryId: string; replayed: boolean; status: string }> {
    const result = await this.knex.transaction(async (trx) => {
      const d = await trx.withSchema(this.schema).table('deliveries').where({ id }).forUpdate().first();
      if (!d) throw new NotFoundError(`No delivery "${id}"`);
      const replayed = (await this.requeue(trx, (q) => q.where({ id }))).length > 0;
      await recordAudit(trx, this.schema, { actor, action: 'delivery.replay', targetType: 'delivery', targetId: id, details: { previousStatus: d.status, replayed } });
      return { deliveryId: id, replayed, status: replayed ? 'pending' : String(d.status) };
    });
    if (result.replayed) await this.queue.enqueue([{ id }]);
    return result;
  }

  /** Replays the failed and dead-lettered deliveries of one endpoint that ended at or after `since` (at most `limit`). */
  async replayFailed(
    options: { targetId: string; targetKind?: string; since: Date; limit?: number },
    { actor }: Actor,
  ): Promise<{ replayed: number; deliveryIds: string[]; more: boolean }> {
    const { targetId, since } = options;
    const targetKind = options.targetKind ?? 'subscription';
    const limit = options.limit ?? MAX_BULK_REPLAY;
    if (!(since instanceof Date) || Number.isNaN(since.getTime())) throw new InputError('Invalid replay', [{ path: '/since', message: 'must be a valid time' }]);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_BULK_REPLAY) throw new InputError('Invalid replay', [{ path: '/limit', message: `must be an integer from 1 to ${MAX_BULK_REPLAY}` }]);
    const { ids, more } = await this.knex.transaction(async (trx) => {
      const selected = (q: Knex.QueryBuilder) =>
        q
          .where({ target_kind: targetKind, target_id: targetId })
          .whereIn('status', ['failed', 'dead_lettered'])
          .where(trx.raw('coalesce(completed_at, updated_at)'), '>=', since);
      const candidates: { id: string }[] = await selected(trx.withSchema(this.schema).table('deliveries').select('id'))
        .orderBy('id')
        .limit(limit + 1)
        .forUpdate()
        .skipLocked();
      const chosen = candidates.slice(0, limit).map((c) => c.id);
      const replayed = chosen.length ? await this.requeue(trx, (q) => q.whereIn('id', chosen)) : [];
      await recordAudit(trx, this.schema, {
        actor,
        action: 'delivery.replay_failed',
        targetType: targetKind,
        targetId,
        details: { since: since.toISOString(), replayed: replayed.length, more: candidates.length > limit },
      });
      return { ids: replayed, more: candidates.length > limit };
    });
    await this.queue.enqueue(ids.map((id) => ({ id })));
    return { replayed: ids.length, deliveryIds: ids, more };
  }

  /**
   * Sends an event again to every target that matches it now: new targets get
   * a new delivery, finished deliveries are replayed, in-progress ones are left alone.
   */
  async resendEvent(eventId: string, { actor }: Actor): Promise<{ eventId: string; deliveryIds: string[] }> {
    const ids = await this.knex.transaction(async (trx) => {
      const event: OutboxRow | undefined = await trx
        .withSchema(this.schema)
        .table('outbox')
        .where({ event_id: eventId })
        .first('id', 'event_id', 'type', 'application_id', 'dealer_id');
      if (!event) throw new NotFoundError(`No event "${eventId}"`);
      await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`lendwire.resend.${eventId}`]);
      const kinds = this.kinds;
      const created = await fanOut(trx, this.schema, kinds, [event]);
      const replayed: string[] = [];
      for (const kind of kinds) {
        const targets = await kind.targetsFor({ type: event.type, applicationId: event.application_id, dealerId: event.dealer_id });
        if (!targets.length) continue;
        replayed.push(...(await this.requeue(trx, (q) => q.where({ outbox_id: event.id, target_kind: kind.kind }).whereIn('target_id', targets).whereNotIn('id', created))));
      }
      const all = [...created, ...replayed];
      await recordAudit(trx, this.schema, { actor, action: 'event.resend', targetType: 'event', targetId: eventId, details: { created: created.length, replayed: replayed.length } });
      return all;
    });
    await this.queue.enqueue(ids.map((id) => ({ id })));
    return { eventId, deliveryIds: ids };
  }
}
