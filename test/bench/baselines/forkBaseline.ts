import { forkSibling } from '../forkSibling.js';
import type { BaselineCall, BaselineReply, BaselineStart } from './baselineProcess.js';

export interface ForkedBaseline {
  /** The baseline's HTTP origin (the ingest baseline). */
  origin?: string;
  /** Runs one of the baseline's methods (no arguments) in its process. */
  call(method: string): Promise<void>;
  close(): Promise<void>;
}

/** Starts a baseline in its own process (baselineProcess.ts), compiled or under tsx like the bench itself. */
export async function forkBaseline(start: Omit<BaselineStart, 'kind'>): Promise<ForkedBaseline> {
  const child = forkSibling(import.meta.url, 'baselineProcess');
  const waiting = new Map<number, (reply: Extract<BaselineReply, { kind: 'done' }>) => void>();
  let nextId = 0;
  const started = new Promise<Extract<BaselineReply, { kind: 'started' }>>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the baseline process exited (${code}) before it started`)));
    child.on('message', (msg: BaselineReply) => {
      if (msg.kind === 'started') resolve(msg);
      else waiting.get(msg.id)?.(msg);
    });
  });
  child.send({ kind: 'start', ...start } as BaselineStart);
  const answer = await started;
  if (answer.error) {
    child.kill();
    throw new Error(`baseline ${start.which}: ${answer.error}`);
  }
  const call = (method: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      waiting.set(id, (reply) => {
        waiting.delete(id);
        if (reply.error) reject(new Error(`baseline ${start.which}.${method}: ${reply.error}`));
        else resolve();
      });
      child.send({ kind: 'call', id, method } satisfies BaselineCall);
    });
  return {
    origin: answer.origin,
    call,
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await call('close').catch(() => undefined);
      child.kill();
      await exited;
    },
  };
}
