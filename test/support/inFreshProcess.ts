import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Runs `script` (an ES module body, through tsx as the tests are) in a new node process from the
 * repository root, and returns what it printed last as JSON: what a process loads or sets up
 * on its own, with nothing this test process already imported.
 */
export async function inFreshProcess<T>(script: string): Promise<T> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: process.cwd() });
  return JSON.parse(stdout.trim().split('\n').pop()!) as T;
}
