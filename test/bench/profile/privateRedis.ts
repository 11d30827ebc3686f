import { spawn, type ChildProcess } from 'node:child_process';
import { unusedPort } from '../../support/unusedPort.js';
import { monitorRedis } from '../../support/redisMonitor.js';
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { createRequire } from 'node:module';

// BullMQ's CommonJS build: its ESM script index imports files without extensions, which only a bundler-style resolver (tsx) accepts.
const bullmqScriptSources: unknown = createRequire(import.meta.url)('bullmq/dist/cjs/scripts/index.js');

type ScriptSource = { name: string; content: string };
/** BullMQ's Lua scripts by SHA1 (what EVALSHA names them by), for readable counts. */
const bullmqScripts = new Map(
  Object.values(bullmqScriptSources as unknown as Record<string, Partial<ScriptSource>>)
    .filter((s): s is ScriptSource => typeof s?.content === 'string')
    .map((s) => [createHash('sha1').update(s.content).digest('hex'), s.name]),
);

/**
 * A redis-server of our own (no persistence), so MONITOR and INFO commandstats
 * count only what the measured code sends, never another engineer's traffic on
 * the shared server.
 */
export async function startPrivateRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await unusedPort();
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], { stdio: 'ignore' });
  // A profiler that crashes or exits early must not leave its redis-server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null });
    // The server may not listen yet: a refused probe is expected, not an unhandled error event.
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      break;
    } catch {
      probe.disconnect();
      if (i > 50) throw new Error(`redis-server on port ${port} did not start`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    async stop() {
      process.off('exit', killOnExit);
      const done = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await done;
    },
  };
}

/**
 * Counts the commands clients send (MONITOR lines not issued from inside a Lua
 * script), by command name: a client's round trips, pipelines aside.
 */
export async function monitorCommands(url: string): Promise<{ counts: Map<string, number>; stop(): Promise<void> }> {
  const counts = new Map<string, number>();
  const monitor = await monitorRedis(url, ({ args, source }) => {
    if (source.includes('lua')) return;
    let name = String(args[0]).toLowerCase();
    // Scripts are told apart by their first key (BullMQ's and lendwire's keys share the prefix), BullMQ's also by name.
    if ((name === 'evalsha' || name === 'eval') && args.length > 3) {
      const script = bullmqScripts.get(String(args[1]));
      name += ` ${String(args[3]).replace(/^\{[^}]*\}:/, '').replace(/dlv_[0-9A-Z]+/, 'dlv_*').split(':').slice(0, script ? 1 : 2).join(':')}${script ? ` ${script}` : ''}`;
    }
    if (process.env.PROFILE_SHOW && name.includes(process.env.PROFILE_SHOW) && !counts.has(name)) console.log('first', name, JSON.stringify(args).slice(0, 600));
    counts.set(name, (counts.get(name) ?? 0) + 1);
  });
  return {
    counts,
    async stop() {
      monitor.stop();
    },
  };
}
