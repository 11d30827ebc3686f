import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './repoFiles.js';

/** One row of the folder table of `docs/architecture.md`. */
export interface FolderRow {
  /** As written in the first column, e.g. `plugin/delivery/outbox/` or `plugin/index.ts`. */
  folder: string;
  responsibility: string;
  mayImport: string;
}

/** The architecture page every layer rule and folder is documented in. */
export const ARCHITECTURE_DOC = 'docs/architecture.md';

/** The rows of the table under the `## Folders` heading of `docs/architecture.md`. */
export function folderTable(): FolderRow[] {
  const lines = readFileSync(join(REPO_ROOT, ARCHITECTURE_DOC), 'utf8').split('\n');
  const start = lines.findIndex((line) => /^##\s+Folders\s*$/.test(line));
  if (start === -1) return [];
  const rows: FolderRow[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^#{1,2}\s/.test(line)) break;
    const cells = /^\|\s*`([^`]+)`\s*\|(.*)\|(.*)\|\s*$/.exec(line);
    if (cells) rows.push({ folder: cells[1], responsibility: cells[2].trim(), mayImport: cells[3].trim() });
  }
  return rows;
}
