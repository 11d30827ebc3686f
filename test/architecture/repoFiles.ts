import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const NOT_OURS = new Set(['node_modules', 'dist', 'coverage', 'test-artifacts', '.git']);

/**
 * Every file under `folder` (relative to the repository) whose name ends with one of
 * `endings`, as repository-relative paths with `/`, sorted. Build output, coverage and
 * dependencies are not the repository's own and are skipped.
 */
export function repoFiles(folder: string, endings: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (NOT_OURS.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && endings.some((ending) => entry.name.endsWith(ending))) found.push(toRepoPath(path));
    }
  };
  walk(join(REPO_ROOT, folder));
  return found.sort();
}

/** Every folder under `folder` (relative to the repository), itself excluded, sorted. */
export function repoFolders(folder: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || NOT_OURS.has(entry.name)) continue;
      const path = join(dir, entry.name);
      found.push(toRepoPath(path));
      walk(path);
    }
  };
  walk(join(REPO_ROOT, folder));
  return found.sort();
}

/** An absolute path as a repository-relative one with `/` separators. */
export function toRepoPath(absolute: string): string {
  return relative(REPO_ROOT, absolute).split(sep).join('/');
}
