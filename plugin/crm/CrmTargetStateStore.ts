import { createHash } from 'node:crypto';
import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import { TOKENS } from '../kernel/tokens.js';
import type { LendwireConfig } from '../kernel/LendwireConfig.js';
import type { CrmConfig } from '../manifest/Manifest.js';
import type { SecretResolver } from '../manifest/SecretResolver.js';

export interface CrmTargetState {
  disabledReason: string;
  disabledAt: Date;
}

/**
 * Which manifest CRM targets the engine paused (credentials revoked, config
 * rejected). A pause is tied to the credentials it happened with: once an
 * admin puts new credentials in place (and restarts), the target runs again
 * without anyone having to remember to re-enable it.
 */
@injectable()
export class CrmTargetStateStore {
  private readonly schema: string;

  constructor(
    @inject(TOKENS.Knex) private readonly knex: Knex,
    @inject(TOKENS.Config) config: Pick<LendwireConfig, 'schema'>,
    @inject(TOKENS.Secrets) private readonly secrets: SecretResolver,
  ) {
    this.schema = config.schema;
  }

  /** A hash of what the target connects with; never the secrets themselves. */
  fingerprint(crm: CrmConfig): string {
    const hash = createHash('sha256').update(`${crm.adapter}|${crm.baseUrl ?? ''}`);
    for (const [name, ref] of Object.entries(crm.credentials ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
      let value: string;
      try {
        value = this.secrets.reveal(ref);
      } catch {
        value = '<unreadable>';
      }
      hash.update(`|${name}=${value}`);
    }
    return hash.digest('hex');
  }

  /** The pause in force for `crm`, or null when it runs. */
  async pausedState(crm: CrmConfig): Promise<CrmTargetState | null> {
    const row = await this.knex.withSchema(this.schema).table('crm_targets').where({ id: crm.id }).first();
    if (!row || !row.disabled_at || row.credentials_fingerprint !== this.fingerprint(crm)) return null;
    return { disabledReason: row.disabled_reason, disabledAt: row.disabled_at };
  }

  /** Pauses `crm`; true when it was running until now. */
  async pause(trx: Knex.Transaction, crm: CrmConfig, reason: string): Promise<boolean> {
    const fingerprint = this.fingerprint(crm);
    const before = await trx.withSchema(this.schema).table('crm_targets').where({ id: crm.id }).forUpdate().first();
    const wasRunning = !before || !before.disabled_at || before.credentials_fingerprint !== fingerprint;
    await trx
      .withSchema(this.schema)
      .table('crm_targets')
      .insert({ id: crm.id, disabled_reason: reason, disabled_at: trx.fn.now(), credentials_fingerprint: fingerprint, updated_at: trx.fn.now() })
      .onConflict('id')
      .merge(wasRunning ? ['disabled_reason', 'disabled_at', 'credentials_fingerprint', 'updated_at'] : ['updated_at']);
    return wasRunning;
  }

  /** Lifts a pause (an operator re-enabled the target, or its credentials changed); true when there was one. */
  async resume(trx: Knex.Transaction, crmId: string): Promise<boolean> {
    const lifted = await trx
      .withSchema(this.schema)
      .table('crm_targets')
      .where({ id: crmId })
      .whereNotNull('disabled_at')
      .update({ disabled_reason: null, disabled_at: null, updated_at: trx.fn.now() });
    return Number(lifted) > 0;
  }

  /** Targets paused with credentials that have since been replaced. */
  async pausedWithOldCredentials(crms: CrmConfig[]): Promise<CrmConfig[]> {
    const rows: { id: string; credentials_fingerprint: string | null }[] = await this.knex.withSchema(this.schema).table('crm_targets').whereNotNull('disabled_at').select('id', 'credentials_fingerprint');
    return crms.filter((crm) => rows.some((r) => r.id === crm.id && r.credentials_fingerprint !== this.fingerprint(crm)));
  }

  /** Every pause in force, by target id (pauses tied to replaced credentials are not in force). */
  async pauses(crms: CrmConfig[]): Promise<Map<string, CrmTargetState>> {
    const rows = await this.knex.withSchema(this.schema).table('crm_targets').whereNotNull('disabled_at');
    const out = new Map<string, CrmTargetState>();
    for (const crm of crms) {
      const row = rows.find((r: { id: string }) => r.id === crm.id);
      if (row && row.credentials_fingerprint === this.fingerprint(crm)) out.set(crm.id, { disabledReason: row.disabled_reason, disabledAt: row.disabled_at });
    }
    return out;
  }
}
