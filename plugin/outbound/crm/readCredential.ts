import type { CrmConfig } from '../../manifest/Manifest.js';
import type { AdapterContext } from '../../sdk/AdapterContext.js';
import type { DeliveryOutcome } from '../../sdk/DeliveryOutcome.js';

export type CredentialResult = { ok: true; value: string } | { ok: false; outcome: DeliveryOutcome };

/**
 * The value of `crm.credentials[name]`. A missing or unreadable credential is a
 * permanent failure that pauses the target: retrying cannot fix configuration.
 */
export function readCredential(crm: CrmConfig, name: string, ctx: AdapterContext): CredentialResult {
  const ref = crm.credentials?.[name];
  const fail = (why: string): CredentialResult => ({
    ok: false,
    outcome: { result: 'permanent', code: 'E_CRM_CREDENTIALS', message: `CRM target "${crm.id}": ${why}`, disableTarget: true },
  });
  if (!ref) return fail(`credentials.${name} is not configured in the manifest`);
  try {
    const value = ctx.secret(ref).trim();
    return value ? { ok: true, value } : fail(`the secret for credentials.${name} is empty`);
  } catch {
    return fail(`the secret for credentials.${name} cannot be read`);
  }
}
