import { escapeHtml } from './escapeHtml.js';

type Json = Record<string, unknown>;

/** The anchor of a component schema on the docs page. */
export const schemaAnchor = (name: string) => `schema-${name}`;

/** A link to the component `$ref` points at. */
function refLink(ref: string): string {
  const name = ref.replace('#/components/schemas/', '');
  return `<a href="#${escapeHtml(schemaAnchor(name))}">${escapeHtml(name)}</a>`;
}

/** A short, HTML type label of a schema: `string (date-time)`, `array of Person`, `one of: A | B`, a link for a `$ref`. */
export function describeSchema(schema: unknown): string {
  if (schema === true || schema === undefined) return 'any';
  if (schema === false) return 'not allowed';
  const s = schema as Json;
  if (typeof s.$ref === 'string') return refLink(s.$ref);
  if ('const' in s) return `<code>${escapeHtml(JSON.stringify(s.const))}</code>`;
  if (Array.isArray(s.enum)) return `one of ${s.enum.map((v) => `<code>${escapeHtml(JSON.stringify(v))}</code>`).join(', ')}`;
  for (const key of ['oneOf', 'anyOf', 'allOf'] as const) {
    if (Array.isArray(s[key])) return `${key === 'allOf' ? 'all of' : 'one of'}: ${(s[key] as unknown[]).map(describeSchema).join(key === 'allOf' ? ' + ' : ' | ')}`;
  }
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  const label = types
    .map((t) => {
      if (t === 'array') return `array of ${describeSchema(s.items)}`;
      if (t === 'string' && typeof s.format === 'string') return `string (${escapeHtml(s.format)})`;
      return escapeHtml(t);
    })
    .join(' or ');
  return label || (s.properties ? 'object' : 'any');
}
