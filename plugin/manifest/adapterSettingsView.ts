import schema from './manifest.schema.json' with { type: 'json' };
import { ADAPTER_SETTINGS_KEYS, type AdapterBlockKind } from './adapterSettingsKeys.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The keys the core schema declares inside one of the adapter's keys (a lender's `callbacks.maxBodyBytes`). */
export function coreKeysInside(kind: AdapterBlockKind, key: string): string[] {
  const def = (schema.$defs as Record<string, { properties?: Record<string, { properties?: object }> }>)[kind];
  return Object.keys(def?.properties?.[key]?.properties ?? {});
}

/**
 * The part of a manifest block its adapter's settings schema checks: the
 * adapter's keys only, without the core's own keys inside them, so the adapter
 * can forbid every key it does not know.
 */
export function adapterSettingsView(kind: AdapterBlockKind, block: Record<string, unknown>): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const key of ADAPTER_SETTINGS_KEYS[kind].keys) {
    if (!(key in block)) continue;
    const value = block[key];
    const core = coreKeysInside(kind, key);
    view[key] = isRecord(value) && core.length ? Object.fromEntries(Object.entries(value).filter(([k]) => !core.includes(k))) : value;
  }
  return view;
}
