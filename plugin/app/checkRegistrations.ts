import type { FieldProblem } from '../errors/index.js';
import type { Manifest } from '../manifest/Manifest.js';
import type { ExtensionPoint } from '../kernel/ExtensionPoint.js';
import type { LenderAdapter } from '../sdk/LenderAdapter.js';
import type { CrmAdapter } from '../sdk/CrmAdapter.js';
import type { Transport } from '../sdk/Transport.js';
import type { SignatureScheme } from '../sdk/SignatureScheme.js';

/** Every adapter, transport and signature scheme the manifest names must have been registered. */
export function checkRegistrations(
  manifest: Manifest,
  lenders: ExtensionPoint<LenderAdapter>,
  crms: ExtensionPoint<CrmAdapter>,
  transports: ExtensionPoint<Transport>,
  signatureSchemes: ExtensionPoint<SignatureScheme>,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const check = (ep: ExtensionPoint<{ id: string }>, id: string, path: string) => {
    const problem = ep.unknownProblem(id);
    if (problem) problems.push({ path, message: problem });
  };
  manifest.lenders.forEach((l, i) => check(lenders, l.adapter, `/lenders/${i}/adapter`));
  manifest.crm.forEach((c, i) => check(crms, c.adapter, `/crm/${i}/adapter`));
  manifest.subscriptions.forEach((s, i) => {
    check(transports, s.transport, `/subscriptions/${i}/transport`);
    check(signatureSchemes, s.signature, `/subscriptions/${i}/signature`);
  });
  return problems;
}
