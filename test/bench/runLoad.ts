import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadResult, LoadSpec } from './loadGenerator.js';

/** Runs the load generator in a child process (its own event loop and core) and returns its result. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    // The sibling file of this one: .ts under tsx, .js in the compiled bench (npm run bench).
    const compiled = import.meta.url.endsWith('.js');
    const child = fork(fileURLToPath(new URL(compiled ? './loadGenerator.js' : './loadGenerator.ts', import.meta.url)), [], {
      execArgv: compiled ? [] : ['--import', 'tsx'],
      serialization: 'advanced',
    });
    child.once('message', (msg: { result?: LoadResult; error?: string }) => {
      child.kill();
      if (msg.result) resolve(msg.result);
      else reject(new Error(`load generator failed: ${msg.error}`));
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code) reject(new Error(`load generator exited with ${code}`));
    });
    child.send(spec);
  });
}
