import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A running host app process and the port it listens on. */
export interface RunningHost {
  port: number;
  /** Everything it wrote to stderr (the error when it fails). */
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts `node server.mjs` in `dir` and waits for its `{"port":N}` line (at most `timeoutMs`). */
export function startHost(dir: string, env: Record<string, string>, timeoutMs: number): Promise<RunningHost> {
  const child: ChildProcess = spawn(process.execPath, ['server.mjs'], { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(killer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the host did not listen within ${timeoutMs} ms: ${errors}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the host exited with ${code} before listening: ${errors}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const port = /^\{"port":(\d+)\}$/.exec(line)?.[1];
      if (!port) return;
      clearTimeout(timer);
      resolve({ port: Number(port), stderr: () => errors, stop });
    });
  });
}
