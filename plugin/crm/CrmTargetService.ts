import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { TOKENS } from '../kernel/tokens.js';
import type { LendwireConfig } from '../kernel/LendwireConfig.js';
import { NotFoundError } from '../errors/index.js';
import type { Manifest } from '../manifest/Manifest.js';
import type { DeliveryQueue } from '../delivery/DeliveryQueue.js';
import type { TargetStateStore } from '../delivery/TargetStateStore.js';
import { DELIVERY_TOKENS } from '../delivery/tokens.js';
import { recordAudit } from '../audit/recordAudit.js';
import type { Actor } from '../audit/Actor.js';
import type { CrmTargetStateStore } from './CrmTargetStateStore.js';
import { readCrmMapping } from './CrmMapping.js';
import { CRM_TOKENS } from './tokens.js';

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

/**
 * What operators can see and do about CRM targets: which are paused and why,
 * and resuming one (its paused deliveries go out again, in order of creation).
 */
@injectable()
export class CrmTargetService {
  private readonly schema: string;
  private readonly logger: Logger;

  constructor(
    @inject(TOKENS.Manifest) private readonly manifest: Manifest,
    @inject(TOKENS.Knex) private readonly knex: Knex,
    @inject(TOKENS.Config) config: Pick<LendwireConfig, 'schema'>,
    @inject(CRM_TOKENS.CrmTargetState) private readonly state: CrmTargetStateStore,
    @inject(DELIVERY_TOKENS.TargetStates) private readonly targets: TargetStateStore,
    @inject(DELIVERY_TOKENS.DeliveryQueue) private readonly queue: DeliveryQueue,
    @inject(TOKENS.Logger) logger: Logger,
  ) {
    this.schema = config.schema;
    this.logger = logger.child({ component: 'crm' });
  }

  async list(): Promise<CrmTargetView[]> {
    const { manifest, knex, schema, state } = this;
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
  async resume(id: string, { actor }: Actor): Promise<CrmTargetView> {
    if (!this.manifest.crm.some((c) => c.id === id)) throw new NotFoundError(`No CRM target "${id}" in the manifest`);
    const resumed = await this.knex.transaction(async (trx) => {
      await this.state.resume(trx, id);
      const ids = await this.targets.resume(trx, { kind: 'crm', id });
      await recordAudit(trx, this.schema, { actor, action: 'crm_target.resume', targetType: 'crm_target', targetId: id, details: { resumedDeliveries: ids.length } });
      return ids;
    });
    await this.queue.enqueue(resumed.map((d) => ({ id: d })));
    if (resumed.length) this.logger.info({ crmTarget: id, actor, resumedDeliveries: resumed.length }, 'CRM target resumed');
    return (await this.list()).find((t) => t.id === id)!;
  }

  /** At start: targets paused under credentials that have since been replaced run again. */
  async resumeWhereCredentialsChanged(): Promise<string[]> {
    const changed = await this.state.pausedWithOldCredentials(this.manifest.crm.filter((c) => c.enabled));
    for (const crm of changed) await this.resume(crm.id, { actor: 'system' });
    return changed.map((c) => c.id);
  }
}
