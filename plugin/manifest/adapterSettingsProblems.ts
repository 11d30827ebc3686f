import type { ValidateFunction } from 'ajv/dist/2020.js';
import schema from './manifest.schema.json' with { type: 'json' };
import type { FieldProblem } from '../errors/index.js';
import type { AdapterSettingsSchema } from '../sdk/AdapterSettingsSchema.js';
import { createAjv } from './createAjv.js';
import { describeAjvErrors } from './loadManifest.js';
import { adapterSettingsView } from './adapterSettingsView.js';
import type { AdapterBlockKind } from './adapterSettingsKeys.js';

// The manifest schema is known by its $id, so adapter schemas can use its secretRef.
const ajv = createAjv();
ajv.addSchema(schema);
// By content: adapters made by a factory bring an equal schema each time, and one with an $id may be compiled only once.
const compiled = new Map<string, ValidateFunction>();

/**
 * Checks one manifest block against its adapter's settings schema; problems
 * carry the block's path (`pointer`, e.g. `/lenders/0`) in front of theirs.
 * Each schema is compiled once; one that does not compile throws ajv's error.
 */
export function adapterSettingsProblems(settingsSchema: AdapterSettingsSchema, kind: AdapterBlockKind, block: Record<string, unknown>, pointer: string): FieldProblem[] {
  const key = JSON.stringify(settingsSchema);
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(settingsSchema);
    compiled.set(key, validate);
  }
  if (validate(adapterSettingsView(kind, block))) return [];
  return describeAjvErrors(validate.errors).map((p) => ({ path: `${pointer}${p.path === '/' ? '' : p.path}`, message: p.message }));
}
