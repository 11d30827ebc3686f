import { describeSchema } from './describeSchema.js';
import { escapeHtml, inlineText } from './escapeHtml.js';

type Json = Record<string, unknown>;

const resolveParameter = (param: Json, components: Json): Json =>
  typeof param.$ref === 'string' ? ((components.parameters as Json)[param.$ref.replace('#/components/parameters/', '')] as Json) : param;

/** The schema and example of a request or answer's first media type, as HTML. */
function content(of: Json | undefined): string {
  const media = Object.entries((of?.content ?? {}) as Record<string, Json>)[0];
  if (!media) return '';
  const [type, { schema, example }] = media;
  const shown = example === undefined ? '' : `<details><summary>Example</summary><pre>${escapeHtml(JSON.stringify(example, null, 2))}</pre></details>`;
  return ` <code>${escapeHtml(type)}</code> ${describeSchema(schema)}${shown}`;
}

/**
 * One operation (a path's or a webhook's): method and path, summary, roles,
 * parameters, request body and answers, with links to the schemas.
 */
export function renderOperation(method: string, path: string, op: Json, components: Json): string {
  const params = ((op.parameters ?? []) as Json[]).map((p) => resolveParameter(p, components));
  const paramRows = params
    .map((p) => `<tr><td><code>${escapeHtml(p.name)}</code>${p.required ? ' <span class="required">required</span>' : ''}</td><td>${escapeHtml(p.in)}</td><td>${describeSchema(p.schema)}</td><td>${inlineText(p.description ?? '')}${p.example === undefined ? '' : ` Example: <code>${escapeHtml(p.example)}</code>`}</td></tr>`)
    .join('');
  const answers = Object.entries(op.responses as Record<string, Json>)
    .map(([code, answer]) => `<li><code>${escapeHtml(code)}</code> ${inlineText(answer.description ?? '')}${content(answer)}</li>`)
    .join('');
  const roles = Array.isArray(op['x-roles']) ? `<p class="roles">Roles: ${escapeHtml((op['x-roles'] as string[]).join(', '))}</p>` : '';
  return [
    `<section class="operation" id="op-${escapeHtml(op.operationId)}">`,
    `<h3><span class="method ${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</span> <code>${escapeHtml(path)}</code></h3>`,
    `<p>${inlineText(op.summary)}</p>`,
    op.description ? `<p>${inlineText(op.description)}</p>` : '',
    roles,
    paramRows ? `<table><thead><tr><th>Parameter</th><th>In</th><th>Type</th><th>About</th></tr></thead><tbody>${paramRows}</tbody></table>` : '',
    op.requestBody ? `<div class="body">Body:${content(op.requestBody as Json)}</div>` : '',
    `<ul class="answers">${answers}</ul>`,
    '</section>',
  ].join('');
}
