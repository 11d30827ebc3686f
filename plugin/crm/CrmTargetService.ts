import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { NotFoundError } from '../errors/index.js';
import type { Manifest } from '../manifest/Manifest.js';
import type { DeliveryQueue } from '../delivery/DeliveryQueue.js';
import type { TargetStateStore } from '../delivery/TargetStateStore.js';
import { resumeTarget } from '../webhooks/SubscriptionService.js';
import { recordAudit } from '../audit/recordAudit.js';
import type { CrmTargetStateStore } from './CrmTargetStateStore.js';
import { readCrmMapping } from './CrmMapping.js';

export interface CrmTargetView {
  id: string;
  adapter: string;
  /** crm[].enabled in the manifest. */
  enabledInManifest: boolean;
  /** Set when the delivery engine paused the target (revoked credentials, rejected configuration). */
  paused: { reason: string; since: string } | null;
  events: string[];
  /** Delivery rows waiting while the target is paused. */
  pausedDeliveries: number;
}

export interface CrmTargetServiceDeps {
  manifest: Manifest;
  knex: Knex;
  schema: string;
  state: CrmTargetStateStore;
  targets: TargetStateStore;
  queue: DeliveryQueue;
  logger: Logger;
}

/**
 * What operators can see and do about CRM targets: which are paused and why,
 * and resuming one (its paused deliveries go out again, in order of creation).
 */
export class CrmTargetService {
  constructor(private readonly deps: CrmTargetServiceDeps) {}

  async list(): Promise<CrmTargetView[]> {
    const { manifest, knex, schema, state } = this.deps;
    const pauses = await state.pauses(manifest.crm);
    const counts: { target_id: string; count: string }[] = await knex
      .withSchema(schema)
      .table('deliveries')
      .where({ target_kind: 'crm', status: 'paused' })
      .groupBy('target_id')
      .select('target_id')
      .count({ count: '*' });
    return manifest.crm.map((crm) => {
      const pause = pauses.get(crm.id);
      return {
        id: crm.id,
        adapter: crm.adapter,
        enabledInManifest: crm.enabled,
        paused: pause ? { reason: pause.disabledReason, since: new Date(pause.disabledAt).toISOString() } : null,
        events: readCrmMapping(crm).events,
        pausedDeliveries: Number(counts.find((c) => c.target_id === crm.id)?.count ?? 0),
      };
    });
  }

  /** Lifts the pause and sends what waited. */
  async resume(id: string, { actor }: { actor: string }): Promise<CrmTargetView> {
    if (!this.deps.manifest.crm.some((c) => c.id === id)) throw new NotFoundError(`No CRM target "${id}" in the manifest`);
    const resumed = await this.deps.knex.transaction(async (trx) => {
      await this.deps.state.resume(trx, id);
      const ids = await resumeTarget(trx, this.deps.schema, this.deps.targets, { kind: 'crm', id });
      await recordAudit(trx, this.deps.schema, { actor, action: 'crm_target.resume', targetType: 'crm_target', targetId: id, details: { resumedDeliveries: ids.length } });
      return ids;
    });
    await this.deps.queue.enqueue(resumed.map((d) => ({ id: d })));
    if (resumed.length) this.deps.logger.info({ crmTarget: id, actor, resumedDeliveries: resumed.length }, 'CRM target resumed');
    return (await this.list()).find((t) => t.id === id)!;
  }

  /** At start: targets paused under credentials that have since been replaced run again. */
  async resumeWhereCredentialsChanged(): Promise<string[]> {
    const changed = await this.deps.state.pausedWithOldCredentials(this.deps.manifest.crm.filter((c) => c.enabled));
    for (const crm of changed) await this.resume(crm.id, { actor: 'system' });
    return changed.map((c) => c.id);
  }
}
