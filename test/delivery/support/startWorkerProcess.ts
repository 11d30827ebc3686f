import { spawn, type ChildProcess } from 'node:child_process';
import type { Harness } from '../../support/harness.js';
import { TEST_REDIS_URL } from '../../support/testRedis.js';

/** A lendwire worker process (relay + delivery worker, workerProcess.ts) on the harness' database and Redis prefix; resolves once it is started. */
export function startWorkerProcess(h: Harness, manifest: Record<string, unknown>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/delivery/support/workerProcess.ts', h.db.url, TEST_REDIS_URL, h.redis.prefix, JSON.stringify(manifest)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: process.env,
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
  });
}

/** Resolves once the process has exited (at once if it already has). */
export const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
