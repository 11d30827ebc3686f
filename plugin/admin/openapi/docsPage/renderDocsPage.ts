import { escapeHtml, inlineText } from './escapeHtml.js';
import { renderOperation } from './renderOperation.js';
import { renderSchemaSection } from './renderSchemaSection.js';

type Json = Record<string, unknown>;
type Operations = Record<string, Record<string, Json>>;

/** The path (or webhook) operations of one tag, in document order. */
function operationsOf(tag: string, source: Operations): [string, string, Json][] {
  return Object.entries(source).flatMap(([path, ops]) => Object.entries(ops).filter(([, op]) => ((op.tags ?? []) as string[]).includes(tag)).map(([method, op]): [string, string, Json] => [method, path, op]));
}

/**
 * The docs page: a plain HTML reference generated from the OpenAPI document
 * itself (operations by tag, webhooks, schemas), with a stylesheet of our own and
 * no script, so it runs under the same strict Content-Security-Policy as the dashboard.
 */
export function renderDocsPage(doc: Json, stylesheetHref: string): string {
  const info = doc.info as Json;
  const components = doc.components as Json;
  const schemas = components.schemas as Record<string, Json>;
  const tags = doc.tags as { name: string; description?: string }[];
  const sections = tags.map((tag) => {
    const source = (tag.name === 'webhooks' ? doc.webhooks : doc.paths) as Operations;
    const ops = operationsOf(tag.name, source).map(([method, path, op]) => renderOperation(method, path, op, components));
    return `<section class="tag" id="tag-${escapeHtml(tag.name)}"><h2>${escapeHtml(tag.name)}</h2><p>${inlineText(tag.description ?? '')}</p>${ops.join('')}</section>`;
  });
  const nav = [...tags.map((t) => `<li><a href="#tag-${escapeHtml(t.name)}">${escapeHtml(t.name)}</a></li>`), '<li><a href="#schemas">schemas</a></li>'].join('');
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(info.title)} ${escapeHtml(info.version)}: API reference</title>`,
    `<link rel="stylesheet" href="${escapeHtml(stylesheetHref)}"></head><body>`,
    `<header><h1>${escapeHtml(info.title)} <small>${escapeHtml(info.version)}</small></h1>`,
    ...String(info.description ?? '')
      .split('\n\n')
      .map((p) => `<p>${inlineText(p)}</p>`),
    `<p>Server: <code>${escapeHtml((doc.servers as Json[])[0]?.url)}</code>. The machine-readable document: <a href="openapi.json">openapi.json</a> (OpenAPI ${escapeHtml(doc.openapi)}).</p>`,
    `<nav><ul>${nav}</ul></nav></header><main>`,
    ...sections,
    `<section id="schemas"><h2>schemas</h2>${Object.entries(schemas)
      .map(([name, schema]) => renderSchemaSection(name, schema))
      .join('')}</section>`,
    '</main></body></html>',
  ].join('\n');
}
