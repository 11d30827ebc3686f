import type { Startable } from '../kernel/lifecycle.js';
import type { ExtensionPoint } from '../kernel/ExtensionPoint.js';
import { ConfigurationError, type FieldProblem } from '../errors/index.js';
import type { Manifest } from '../manifest/Manifest.js';
import type { CrmAdapter } from '../sdk/CrmAdapter.js';
import type { CrmTargetService } from './CrmTargetService.js';

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
 * cannot work with stops start-up with every problem listed by manifest path;
 * targets paused under credentials that have since been replaced resume.
 */
export function crmConfigCheck(manifest: Manifest, crms: ExtensionPoint<CrmAdapter>, service: CrmTargetService): Startable {
  return {
    name: 'crm-targets',
    async start() {
      const problems = crmConfigProblems(manifest, crms);
      if (problems.length) throw new ConfigurationError('The manifest has CRM targets their adapters cannot work with', problems);
      // A target paused for rejected credentials runs again once an admin has replaced them.
      await service.resumeWhereCredentialsChanged();
    },
    async stop() {},
  };
}
