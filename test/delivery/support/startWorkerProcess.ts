import { spawn, type ChildProcess } from 'node:child_process';
import type { Harness } from '../../support/harness.js';
import { TEST_REDIS_URL } from '../../support/testRedis.js';

/** A lendwire worker process (relay + delivery worker, workerProcess.ts) on the harness' database and Redis prefix; resolves once it is started. */
export async function startWorkerProcess(h: Harness, manifest: Record<string, unknown>): Promise<ChildProcess> {
  return (await start(h, manifest, false)).child;
}

/** The same process serving lendwire's router too (a host that runs the workers): its base URL, `http://127.0.0.1:<port>/lendwire`. */
export function startHostProcess(h: Harness, manifest: Record<string, unknown>): Promise<{ child: ChildProcess; url: string }> {
  return start(h, manifest, true);
}

function start(h: Harness, manifest: Record<string, unknown>, http: boolean): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/delivery/support/workerProcess.ts', h.db.url, TEST_REDIS_URL, h.redis.prefix, JSON.stringify(manifest)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, WORKER_HTTP: http ? '1' : '0' },
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /ready(?: (\d+))?\n/.exec(out);
      if (ready) resolve({ child, url: `http://127.0.0.1:${ready[1] ?? 0}/lendwire` });
    });
  });
}

/** Resolves once the process has exited (at once if it already has). */
export const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
