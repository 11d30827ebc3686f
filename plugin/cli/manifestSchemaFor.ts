import { combinedManifestSchema, type AdapterSettingsEntry } from '../manifest/index.js';
import type { AdapterRegistrar } from './loadAdapterRegistration.js';

/** The combined manifest schema (core + settings schemas) of the adapters `register` registers. */
export function manifestSchemaFor(register: (lendwire: AdapterRegistrar) => void): Record<string, unknown> {
  const entries: AdapterSettingsEntry[] = [];
  register({
    registerLenderAdapter: (a) => void entries.push({ kind: 'lender', id: a.id, configSchema: a.configSchema }),
    registerCrmAdapter: (a) => void entries.push({ kind: 'crm', id: a.id, configSchema: a.configSchema }),
    registerTransport: (t) => void entries.push({ kind: 'subscription', id: t.id, configSchema: t.configSchema }),
    registerSignatureScheme: () => undefined,
  });
  return combinedManifestSchema(entries);
}

/** The combined schema as the file `lendwire manifest-schema` writes. */
export function manifestSchemaText(register: (lendwire: AdapterRegistrar) => void): string {
  return `${JSON.stringify(manifestSchemaFor(register), null, 2)}\n`;
}
