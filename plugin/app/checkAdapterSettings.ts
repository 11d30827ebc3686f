import type { FieldProblem } from '../errors/index.js';
import type { Manifest } from '../manifest/Manifest.js';
import type { ExtensionPoint } from '../kernel/ExtensionPoint.js';
import { adapterSettingsProblems, type AdapterBlockKind } from '../manifest/index.js';
import type { AdapterSettingsSchema } from '../sdk/AdapterSettingsSchema.js';
import type { LenderAdapter } from '../sdk/LenderAdapter.js';
import type { CrmAdapter } from '../sdk/CrmAdapter.js';
import type { Transport } from '../sdk/Transport.js';

function settingsProblems(schema: AdapterSettingsSchema | undefined, kind: AdapterBlockKind, block: object, pointer: string, selectorPath: string, id: string): FieldProblem[] {
  if (!schema) return [];
  try {
    return adapterSettingsProblems(schema, kind, block as Record<string, unknown>, pointer);
  } catch (err) {
    return [{ path: selectorPath, message: `"${id}" has a settings schema that is not valid JSON Schema: ${(err as Error).message}` }];
  }
}

/**
 * Run at start, once adapters are registered: each manifest block checked
 * against its adapter's settings schema (`configSchema`), then each enabled
 * lender by its adapter's `checkConfig`; every problem by manifest path.
 * Blocks naming an unregistered adapter are left to checkRegistrations.
 */
export function checkAdapterSettings(
  manifest: Manifest,
  lenders: ExtensionPoint<LenderAdapter>,
  crms: ExtensionPoint<CrmAdapter>,
  transports: ExtensionPoint<Transport>,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  manifest.lenders.forEach((lender, i) => {
    if (!lenders.has(lender.adapter)) return;
    const adapter = lenders.get(lender.adapter);
    const found = settingsProblems(adapter.configSchema, 'lender', lender, `/lenders/${i}`, `/lenders/${i}/adapter`, adapter.id);
    // checkConfig may rely on what the schema promises, so it only sees lenders that passed it.
    if (!found.length && lender.enabled) found.push(...(adapter.checkConfig?.(lender) ?? []).map((p) => ({ path: `/lenders/${i}${p.path}`, message: p.message })));
    problems.push(...found);
  });
  manifest.crm.forEach((crm, i) => {
    if (crms.has(crm.adapter)) problems.push(...settingsProblems(crms.get(crm.adapter).configSchema, 'crm', crm, `/crm/${i}`, `/crm/${i}/adapter`, crm.adapter));
  });
  manifest.subscriptions.forEach((s, i) => {
    if (transports.has(s.transport)) problems.push(...settingsProblems(transports.get(s.transport).configSchema, 'subscription', s, `/subscriptions/${i}`, `/subscriptions/${i}/transport`, s.transport));
  });
  return problems;
}
