import type { ExtensionPoint } from '../kernel/ExtensionPoint.js';
import type { FieldProblem } from '../errors/index.js';
import type { Manifest } from '../manifest/Manifest.js';
import type { CrmAdapter } from '../sdk/CrmAdapter.js';

/** Every enabled CRM target checked by its adapter (stage id formats, field names, required credentials). */
export function crmConfigProblems(manifest: Pick<Manifest, 'crm'>, crms: ExtensionPoint<CrmAdapter>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  manifest.crm.forEach((crm, index) => {
    if (!crm.enabled || !crms.has(crm.adapter)) return; // unregistered adapters are reported by checkRegistrations
    for (const p of crms.get(crm.adapter).checkConfig?.(crm) ?? []) problems.push({ path: `/crm/${index}${p.path}`, message: p.message });
  });
  return problems;
}
