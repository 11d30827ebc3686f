import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** This checkout: what `lendwire` resolves to in the temp folder. */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(REPO, 'node_modules', '.bin');

/**
 * A temp folder whose node_modules resolves `lendwire` to this checkout (the
 * `lendwire-source` condition serves its sources) and has the repo's @types:
 * and tsx (mocha's TypeScript loader): the place a partner's package would sit, without npm.
 */
export function tempWorkspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'lendwire-scaffold-'));
  mkdirSync(join(root, 'node_modules'));
  symlinkSync(REPO, join(root, 'node_modules', 'lendwire'), 'dir');
  for (const dev of ['@types', 'tsx']) symlinkSync(join(REPO, 'node_modules', dev), join(root, 'node_modules', dev), 'dir');
  return root;
}

/** tsc on a generated package (its own tsconfig.json); the compiler's output, empty when it type-checks. */
export async function typeCheck(dir: string): Promise<string> {
  try {
    await run(join(BIN, 'tsc'), ['-p', 'tsconfig.json', '--customConditions', 'lendwire-source'], { cwd: dir });
    return '';
  } catch (err) {
    return String((err as { stdout?: string }).stdout ?? err);
  }
}

/** One mocha test's result as the JSON reporter gives it. */
export interface MochaResult {
  title: string;
  err: { message?: string };
}

/** Runs one generated test file with mocha in a subprocess (JSON reporter, no repo config) and answers its results. */
export async function runMocha(dir: string, file: string): Promise<{ passes: MochaResult[]; failures: MochaResult[] }> {
  const args = ['--no-config', '--node-option', 'import=tsx', '--node-option', 'conditions=lendwire-source', '--reporter', 'json', '--timeout', '30000', file];
  const stdout = await run(join(BIN, 'mocha'), args, { cwd: dir, maxBuffer: 64 * 1024 * 1024 }).then(
    (r) => r.stdout,
    (err: { stdout?: string }) => err.stdout ?? '',
  );
  const report = JSON.parse(stdout) as { passes: MochaResult[]; failures: MochaResult[] };
  return { passes: report.passes, failures: report.failures };
}
