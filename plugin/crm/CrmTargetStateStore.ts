import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
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
export class CrmTargetStateStore {
  constructor(
    private readonly knex: Knex,
    private readonly schema: string,
    private readonly secrets: SecretResolver,
  ) {}

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

  /** Lifts a pause (an operator re-enabled the target). */
  async resume(crmId: string): Promise<void> {
    await this.knex.withSchema(this.schema).table('crm_targets').where({ id: crmId }).update({ disabled_reason: null, disabled_at: null, updated_at: this.knex.fn.now() });
  }
}
