import { describeSchema, schemaAnchor } from './describeSchema.js';
import { escapeHtml, inlineText } from './escapeHtml.js';

type Json = Record<string, unknown>;

/** One component schema: its description and a table of its properties (or its shape, when it has none). */
export function renderSchemaSection(name: string, schema: Json): string {
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required ?? []) as string[]);
  const rows = Object.entries(properties)
    .map(([prop, sub]) => `<tr><td><code>${escapeHtml(prop)}</code>${required.has(prop) ? ' <span class="required">required</span>' : ''}</td><td>${describeSchema(sub)}</td><td>${inlineText(sub?.description ?? '')}</td></tr>`)
    .join('');
  const body = rows ? `<table><thead><tr><th>Field</th><th>Type</th><th>About</th></tr></thead><tbody>${rows}</tbody></table>` : `<p>${describeSchema(schema)}</p>`;
  return `<section class="schema" id="${escapeHtml(schemaAnchor(name))}"><h3>${escapeHtml(name)}</h3>${schema.description ? `<p>${inlineText(schema.description)}</p>` : ''}${body}</section>`;
}
