import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { unusedPort } from './unusedPort.js';

/** A redis-server child process of this test alone: outage tests stop, kill and restart it (never the shared one). */
export interface OwnRedis {
  port: number;
  url: string;
  /** Starts (again) on the same port, empty: no persistence, like a restarted cache. */
  start(): Promise<void>;
  /** Stops the server with `signal` (SIGTERM: a clean shutdown; SIGKILL: a crash) and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** FLUSHALL through a connection of its own. */
  flushAll(): Promise<void>;
}

async function waitUntilServing(port: number): Promise<void> {
  const probe = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    for (let i = 0; i < 100; i++) {
      try {
        await probe.connect();
        await probe.ping();
        return;
      } catch {
        probe.disconnect();
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new Error(`redis-server on port ${port} did not start`);
  } finally {
    probe.disconnect();
  }
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await unusedPort();
  let child: ChildProcess | undefined;
  const own: OwnRedis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      // Already serving: a second redis-server could not bind the port, and the first would be orphaned (keeping mocha alive).
      if (child && child.exitCode === null && child.signalCode === null) return;
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], { stdio: 'ignore' });
      await waitUntilServing(port);
    },
    async stop(signal = 'SIGTERM') {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      running.kill(signal);
      await exited;
    },
    async flushAll() {
      const admin = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1 });
      try {
        await admin.flushall();
      } finally {
        admin.disconnect();
      }
    },
  };
  await own.start();
  return own;
}
