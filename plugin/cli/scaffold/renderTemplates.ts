import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Template files end so; the suffix keeps tsc, eslint and mocha off them. */
const SUFFIX = '.tmpl';

/** One file to write: its path relative to the new folder and its text. */
export interface RenderedFile {
  path: string;
  text: string;
}

/** `text` with each `__key__` of `values` replaced (keys are case-sensitive: `__name__` and `__Name__` differ). */
function fill(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/__([A-Za-z]+)__/g, (whole, key: string) => values[key] ?? whole);
}

/** Every template under `dir` (recursively), its path and text filled with `values`, suffix dropped. */
export function renderTemplates(dir: string, values: Readonly<Record<string, string>>, under = ''): RenderedFile[] {
  return readdirSync(join(dir, under), { withFileTypes: true }).flatMap((entry): RenderedFile[] => {
    const path = under ? `${under}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return renderTemplates(dir, values, path);
    if (!entry.name.endsWith(SUFFIX)) return [];
    return [{ path: fill(path.slice(0, -SUFFIX.length), values), text: fill(readFileSync(join(dir, path), 'utf8'), values) }];
  });
}
