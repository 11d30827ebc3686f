import schema from './manifest.schema.json' with { type: 'json' };

/** The manifest schema's `$id`: adapter settings schemas reach its `$defs` (e.g. `secretRef`) through it. */
export const MANIFEST_SCHEMA_ID: string = schema.$id;

/**
 * For each kind of manifest block (a `$defs` entry of the manifest schema):
 * the key naming its adapter, and the keys the core leaves to that adapter's
 * settings schema. Whatever else the block holds is the core's and is checked
 * by the manifest schema alone.
 */
export const ADAPTER_SETTINGS_KEYS = {
  lender: { selector: 'adapter', keys: ['credentials', 'callbacks', 'options'] },
  crm: { selector: 'adapter', keys: ['credentials', 'options'] },
  subscription: { selector: 'transport', keys: ['transportSettings'] },
} as const;

/** A manifest block an adapter has settings in: `lender`, `crm` or `subscription`. */
export type AdapterBlockKind = keyof typeof ADAPTER_SETTINGS_KEYS;
