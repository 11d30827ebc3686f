import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { REPO_ROOT } from './repoFiles.js';

/**
 * The module specifiers a TypeScript file imports: `import ... from '...'`, `export ... from
 * '...'`, `import '...'` and `import('...')` with a literal, as TypeScript's own pre-processor
 * reads them (so text in comments and strings does not count).
 */
export function importsOf(repoPath: string): string[] {
  const source = readFileSync(join(REPO_ROOT, repoPath), 'utf8');
  return ts.preProcessFile(source, true, true).importedFiles.map((imported) => imported.fileName);
}
