import { Ajv2020 } from 'ajv/dist/2020.js';
import * as addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under ESM its function arrives as the default export.
const addFormats = addFormatsModule.default as unknown as (ajv: Ajv2020) => Ajv2020;

/** An ajv instance for JSON Schema 2020-12 with formats; compile schemas once and reuse them. */
export function createAjv(options: { useDefaults?: boolean; coerceTypes?: boolean } = {}): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false, useDefaults: options.useDefaults ?? false, coerceTypes: options.coerceTypes ?? false });
  addFormats(ajv);
  return ajv;
}
