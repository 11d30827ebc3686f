import type { ChildProcess } from 'node:child_process';
import { forkSibling } from './forkSibling.js';

/**
 * A request the peer sends: `key` names it in the results. Its body is `body`, or the send's
 * `template` with `replace` applied, made by the peer just before it sends: a run of
 * thousands of callbacks then never holds its bodies in the bench process, whose memory is
 * the host's RSS the bench reports.
 */
export type SendRequest = { key: string; path: string } & ({ body: string } | { replace: [string, string][] });

export type PeerRequest =
  | { kind: 'receiver'; id: number }
  | { kind: 'send'; id: number; origin: string; headers: Record<string, string>; requests: SendRequest[]; rate: number; template?: string }
  | { kind: 'close'; id: number };

export type PeerReply =
  | { kind: 'ready' }
  | { kind: 'arrivals'; arrivals: [string, number][] }
  | { kind: 'unanswered'; count: number }
  | { kind: 'done'; id: number; url?: string; startedAt?: [string, number][]; failed?: number; error?: string };

/** Epoch milliseconds with sub-millisecond resolution: comparable between the bench process and its peer. */
export const epochNow = (): number => performance.timeOrigin + performance.now();

export interface BenchPeer {
  /** Webhook arrivals by bench key (data.benchKey or data.applicationId), epoch ms of the first arrival. */
  arrivals: Map<string, number>;
  /** Callbacks the peer has POSTed that are not answered yet (updated every 200 ms while it sends). */
  unanswered(): number;
  /** A webhook receiver on 127.0.0.1 in the peer; its arrivals land in `arrivals`. */
  receiver(): Promise<string>;
  /** POSTs `requests` open-loop at `rate` per second (bodies given, or made from `template`); resolves with each one's start (epoch ms) once all are answered. */
  send(origin: string, headers: Record<string, string>, requests: SendRequest[], rate: number, template?: string): Promise<{ startedAt: Map<string, number>; failed: number }>;
  close(): Promise<void>;
}

/**
 * Starts the bench peer (benchPeer.ts) in its own process: the receivers and the
 * lenders' senders run there, as they would on other machines, so the bench
 * process holds only what a host holds (lendwire; the baselines have processes of their own).
 */
export async function startBenchPeer(): Promise<BenchPeer> {
  const child: ChildProcess = forkSibling(import.meta.url, 'benchPeer');
  const arrivals = new Map<string, number>();
  const waiting = new Map<number, (reply: Extract<PeerReply, { kind: 'done' }>) => void>();
  let unanswered = 0;
  let nextId = 0;
  const ready = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.on('message', (msg: PeerReply) => {
      if (msg.kind === 'ready') resolve();
      else if (msg.kind === 'arrivals') {
        for (const [key, at] of msg.arrivals) if (!arrivals.has(key)) arrivals.set(key, at);
      } else if (msg.kind === 'unanswered') unanswered = msg.count;
      else if (msg.kind === 'done') waiting.get(msg.id)?.(msg);
    });
  });
  await ready;
  const ask = (request: PeerRequest): Promise<Extract<PeerReply, { kind: 'done' }>> =>
    new Promise((resolve, reject) => {
      waiting.set(request.id, (reply) => {
        waiting.delete(request.id);
        if (reply.error) reject(new Error(`bench peer: ${reply.error}`));
        else resolve(reply);
      });
      child.send(request);
    });
  return {
    arrivals,
    unanswered: () => unanswered,
    async receiver() {
      return (await ask({ kind: 'receiver', id: ++nextId })).url!;
    },
    async send(origin, headers, requests, rate, template) {
      const reply = await ask({ kind: 'send', id: ++nextId, origin, headers, requests, rate, template });
      unanswered = 0;
      return { startedAt: new Map(reply.startedAt), failed: reply.failed ?? 0 };
    },
    async close() {
      await ask({ kind: 'close', id: ++nextId }).catch(() => undefined);
      // Arrivals still in flight: the last flush happens within 10 ms.
      child.kill();
    },
  };
}
