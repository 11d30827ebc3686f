import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What `npm pack` made: the tarball, its integrity and the paths inside it. */
export interface PackResult {
  path: string;
  filename: string;
  integrity: string;
  files: string[];
}

/**
 * `npm pack` of the project into `destination`, as `npm publish` would make it: the
 * `prepare` script (the build) runs first.
 */
export function packProject(root: string, destination: string): PackResult {
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', destination], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  // The build's own output comes before npm's JSON report.
  const [report] = JSON.parse(out.slice(out.indexOf('[\n'))) as { filename: string; files: { path: string }[] }[];
  const path = join(destination, report.filename);
  const integrity = `sha512-${createHash('sha512').update(readFileSync(path)).digest('base64')}`;
  return { path, filename: report.filename, integrity, files: report.files.map((f) => f.path) };
}
