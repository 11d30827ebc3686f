import type { Startable } from '../container/lifecycle.js';
import type { ExtensionPoint } from '../container/ExtensionPoint.js';
import { ConfigurationError, type FieldProblem } from '../http/errors/index.js';
import type { Manifest } from '../manifest/Manifest.js';
import type { CrmAdapter } from '../sdk/CrmAdapter.js';

/** Every enabled CRM target checked by its adapter (stage id formats, field names, required credentials). */
export function crmConfigProblems(manifest: Manifest, crms: ExtensionPoint<CrmAdapter>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  manifest.crm.forEach((crm, index) => {
    if (!crm.enabled || !crms.has(crm.adapter)) return; // unregistered adapters are reported by checkRegistrations
    for (const p of crms.get(crm.adapter).checkConfig?.(crm) ?? []) problems.push({ path: `/crm/${index}${p.path}`, message: p.message });
  });
  return problems;
}

/**
 * Runs at start, once adapters are registered: a CRM target its adapter
 * cannot work with stops start-up with every problem listed by manifest path.
 */
export function crmConfigCheck(manifest: Manifest, crms: ExtensionPoint<CrmAdapter>): Startable {
  return {
    name: 'crm-config-check',
    async start() {
      const problems = crmConfigProblems(manifest, crms);
      if (problems.length) throw new ConfigurationError('The manifest has CRM targets their adapters cannot work with', problems);
    },
    async stop() {},
  };
}
