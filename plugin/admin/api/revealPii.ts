import type { Knex } from 'knex';
import type { Sealer } from '../../security/Sealer.js';
import { UnavailableError } from '../../errors/index.js';
import type { ApplicationPii } from '../../applications/splitPii.js';
import { recordAudit } from '../../audit/recordAudit.js';

/**
 * Opens an application's sealed PII for a permitted user and writes the access
 * log row (who, what, when, why) first: if the row cannot be written, nothing
 * is revealed (GLBA Safeguards: log authorized users' activity).
 */
export async function revealPii(
  knex: Knex,
  schema: string,
  sealer: Sealer,
  input: { applicationId: string; actor: string; reason: string | null; sealed: Buffer | null },
): Promise<{ applicationId: string; pii: ApplicationPii; revealedAt: string }> {
  let pii: ApplicationPii = {};
  if (input.sealed) {
    try {
      pii = JSON.parse(sealer.openString(input.sealed)) as ApplicationPii;
    } catch (err) {
      throw new UnavailableError('The personal data of this application cannot be decrypted with the configured keys', { cause: err });
    }
  }
  const fields = Object.entries(pii).flatMap(([who, p]) => Object.keys(p ?? {}).map((f) => `${who}.${f}`));
  const revealedAt = new Date().toISOString();
  await recordAudit(knex, schema, {
    actor: input.actor,
    action: 'pii.reveal',
    targetType: 'application',
    targetId: input.applicationId,
    details: { fields, reason: input.reason },
  });
  return { applicationId: input.applicationId, pii, revealedAt };
}
