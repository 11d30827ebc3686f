import { forkSibling } from './forkSibling.js';
import type { LoadResult, LoadSpec } from './loadGenerator.js';

/** Runs the load generator in a child process (its own event loop and core) and returns its result. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = forkSibling(import.meta.url, 'loadGenerator');
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
