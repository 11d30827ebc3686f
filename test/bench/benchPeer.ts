/**
 * The other side of the wire, in its own process (see peer.ts): the partners'
 * webhook receivers and the lenders sending callbacks. A partner's server and a
 * lender's client never share the host's event loop; in the bench process they
 * would take its CPU and delay the very timestamps being measured.
 * Times are epoch milliseconds (performance.timeOrigin + performance.now()),
 * comparable with the parent's.
 */
import { Pool } from 'undici';
import { startBenchReceiver } from './benchReceiver.js';
import { applyReplacements } from '../support/applyReplacements.js';
import type { PeerReply, PeerRequest, SendRequest } from './peer.js';
import { exitWithParent } from './exitWithParent.js';

const epochNow = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const send = (reply: PeerReply): void => void process.send!(reply);

const receivers: { close(): Promise<void> }[] = [];
let arrived: [string, number][] = [];
/** Arrivals go to the parent in batches; each keeps the time it was received here. */
const flusher = setInterval(() => {
  if (!arrived.length) return;
  send({ kind: 'arrivals', arrivals: arrived });
  arrived = [];
}, 10);

/** Open loop: request i starts at i / rate seconds whether or not earlier ones were answered. */
async function openLoop(origin: string, headers: Record<string, string>, requests: SendRequest[], rate: number, template = '') {
  const pool = new Pool(origin, { connections: 50 });
  const startedAt: [string, number][] = [];
  let failed = 0;
  let unanswered = 0;
  const counter = setInterval(() => send({ kind: 'unanswered', count: unanswered }), 200);
  const posts: Promise<unknown>[] = [];
  const t0 = performance.now();
  try {
    for (let i = 0; i < requests.length; i++) {
      const wait = t0 + (i * 1000) / rate - performance.now();
      if (wait > 1) await sleep(wait);
      const r = requests[i];
      const { key, path } = r;
      const body = 'body' in r ? r.body : applyReplacements(template, r.replace);
      startedAt.push([key, epochNow()]);
      unanswered++;
      posts.push(
        pool
          .request({ method: 'POST', path, headers, body })
          .then(async (res) => {
            await res.body.text();
            if (res.statusCode !== 200) failed++;
          })
          .catch(() => failed++)
          .finally(() => unanswered--),
      );
    }
    await Promise.all(posts);
  } finally {
    clearInterval(counter);
    await pool.close();
  }
  return { startedAt, failed };
}

exitWithParent();
process.on('message', (msg: PeerRequest) => {
  void (async () => {
    try {
      if (msg.kind === 'receiver') {
        const receiver = await startBenchReceiver((key) => arrived.push([key, epochNow()]));
        receivers.push(receiver);
        send({ kind: 'done', id: msg.id, url: receiver.url });
      } else if (msg.kind === 'send') {
        const { startedAt, failed } = await openLoop(msg.origin, msg.headers, msg.requests, msg.rate, msg.template);
        send({ kind: 'done', id: msg.id, startedAt, failed });
      } else if (msg.kind === 'close') {
        clearInterval(flusher);
        for (const r of receivers) await r.close();
        send({ kind: 'done', id: msg.id });
      }
    } catch (err) {
      send({ kind: 'done', id: msg.id, error: String((err as Error)?.stack ?? err) });
    }
  })();
});
send({ kind: 'ready' });
