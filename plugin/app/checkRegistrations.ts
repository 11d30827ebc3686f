import type { FieldProblem } from '../errors/index.js';
import type { Manifest } from '../manifest/Manifest.js';
import type { ExtensionPoint } from '../kernel/ExtensionPoint.js';
import type { LenderAdapter } from '../sdk/LenderAdapter.js';
import type { CrmAdapter } from '../sdk/CrmAdapter.js';
import type { Transport } from '../sdk/Transport.js';

/** Every adapter and transport the manifest names must have been registered. */
export function checkRegistrations(
  manifest: Manifest,
  lenders: ExtensionPoint<LenderAdapter>,
  crms: ExtensionPoint<CrmAdapter>,
  transports: ExtensionPoint<Transport>,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const known = (ep: ExtensionPoint<{ id: string }>) => ep.ids().join(', ') || 'none';
  manifest.lenders.forEach((l, i) => {
    if (!lenders.has(l.adapter)) problems.push({ path: `/lenders/${i}/adapter`, message: `lender adapter "${l.adapter}" is not registered (registered: ${known(lenders)})` });
  });
  manifest.crm.forEach((c, i) => {
    if (!crms.has(c.adapter)) problems.push({ path: `/crm/${i}/adapter`, message: `CRM adapter "${c.adapter}" is not registered (registered: ${known(crms)})` });
  });
  manifest.subscriptions.forEach((s, i) => {
    if (!transports.has(s.transport)) problems.push({ path: `/subscriptions/${i}/transport`, message: `transport "${s.transport}" is not registered (registered: ${known(transports)})` });
  });
  return problems;
}
