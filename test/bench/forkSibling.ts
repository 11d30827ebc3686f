import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Forks the module `name` that sits beside `from` (an import.meta.url): its .ts under tsx,
 * its .js in the compiled bench (npm run bench), with structured-clone messages.
 */
export function forkSibling(from: string, name: string): ChildProcess {
  const compiled = from.endsWith('.js');
  return fork(fileURLToPath(new URL(`./${name}${compiled ? '.js' : '.ts'}`, from)), [], {
    execArgv: compiled ? [] : ['--import', 'tsx'],
    serialization: 'advanced',
  });
}
