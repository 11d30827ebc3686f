import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { REPO_ROOT } from './repoFiles.js';

const LOOKUPS = new Set(['get', 'getAll', 'getAsync', 'getAllAsync', 'getNamed', 'getTagged', 'getAllNamed', 'getAllTagged', 'isBound']);

/**
 * Where a file asks a container for something (`container.get(...)`, `ctx.container.getAll(...)`,
 * `container.isBound(...)`): one `line: code` entry per lookup. Only the composition root may
 * do this; everything else is handed what it needs through `@inject`.
 */
export function containerLookupsIn(repoPath: string): string[] {
  const text = readFileSync(join(REPO_ROOT, repoPath), 'utf8');
  const file = ts.createSourceFile(repoPath, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && LOOKUPS.has(node.name.text) && namesAContainer(node.expression)) {
      const { line } = file.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${line + 1}: ${node.getText()}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function namesAContainer(expression: ts.Expression): boolean {
  if (ts.isIdentifier(expression)) return /container$/i.test(expression.text);
  if (ts.isPropertyAccessExpression(expression)) return /container$/i.test(expression.name.text);
  return false;
}
