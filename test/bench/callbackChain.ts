import type { Harness } from '../support/harness.js';
import { fixture, renumbering, WESTLAKE_KEY } from '../callbacks/callbackSupport.js';
import { sleep } from './benchSupport.js';
import type { BenchPeer } from './peer.js';

/** Applications a chain run sends callbacks for, as stage 1 left them (linked, `received`). */
export async function seedChainApplications(h: Harness, tag: string, count: number): Promise<void> {
  for (let from = 0; from < count; from += 1000) {
    const n = Math.min(1000, count - from);
    await h.db.knex
      .withSchema('lendwire')
      .table('applications')
      .insert(
        Array.from({ length: n }, (_, k) => {
          const i = from + k;
          return { id: chainAppId(tag, i), dealer_id: 'dealer-1', lender_id: 'westlake', status: 'received', lender_app_id: `AT-${tag}x${i}`, lender_app_no: chainAppNo(tag, i), application: '{}' };
        }),
      );
  }
}

export const chainAppId = (tag: string, i: number): string => `app_${tag}x${i}`;
/** appTRAKER application numbers are digits: a hash of the tag keeps runs apart. */
export function chainAppNo(tag: string, i: number): string {
  let h = 7;
  for (const c of tag) h = (h * 31 + c.charCodeAt(0)) % 9_000;
  return String((1_000 + h) * 1_000_000 + i);
}

/** Where work waits between the stages, sampled while a run goes on. */
export interface BacklogSample {
  atMs: number;
  /** Callbacks POSTed but not answered yet (queued in front of the ingest). */
  unanswered: number;
  /** Stored callbacks not processed yet. */
  callbacks: number;
  /** Outbox events not relayed yet. */
  outbox: number;
  /** Deliveries not sent yet. */
  deliveries: number;
}

async function backlog(h: Harness, atMs: number, unanswered: number): Promise<BacklogSample> {
  const { rows } = await h.db.knex.raw(`SELECT
      (SELECT count(*)::int FROM lendwire.raw_callbacks WHERE process_status = 'pending') AS callbacks,
      (SELECT count(*)::int FROM lendwire.outbox WHERE relayed_at IS NULL) AS outbox,
      (SELECT count(*)::int FROM lendwire.deliveries WHERE status = 'pending') AS deliveries`);
  return { atMs, unanswered, ...(rows[0] as Omit<BacklogSample, 'atMs' | 'unanswered'>) };
}

export interface ChainRun {
  /** callback POST started -> webhook at the receiver, ms, one per delivered callback. */
  latencies: number[];
  missing: number;
  failedPosts: number;
  backlog: BacklogSample[];
  /** Offered and achieved callbacks per second. */
  offeredRate: number;
}

/**
 * Open loop: `rate` appTRAKER stage-2 callbacks per second for `durationMs`, each for its own
 * seeded application, POSTed by the bench peer (its own process, as a lender is) whether or
 * not earlier ones were answered; latency = POST started -> webhook at the peer's receiver.
 */
export async function runCallbackChain(h: Harness, peer: BenchPeer, options: { tag: string; rate: number; durationMs: number; drainTimeoutMs?: number }): Promise<ChainRun> {
  const total = Math.round((options.rate * options.durationMs) / 1000);
  await seedChainApplications(h, options.tag, total);
  const template = fixture('02-decision-conditioned.json');
  const url = new URL(h.url);
  // The peer makes each body from the template just before it sends it (see SendRequest).
  const requests = Array.from({ length: total }, (_, i) => ({
    key: chainAppId(options.tag, i),
    path: `${url.pathname}/callbacks/westlake`,
    replace: renumbering(`AT-${options.tag}x${i}`, chainAppNo(options.tag, i)),
  }));
  const samples: BacklogSample[] = [];
  const t0 = performance.now();
  const sampler = setInterval(() => {
    void backlog(h, Math.round(performance.now() - t0), peer.unanswered()).then((s) => samples.push(s), () => undefined);
  }, 1000);
  let sent: { startedAt: Map<string, number>; failed: number };
  try {
    sent = await peer.send(url.origin, { 'content-type': 'application/json', 'x-api-key': WESTLAKE_KEY }, requests, options.rate, template);
    const deadline = performance.now() + (options.drainTimeoutMs ?? 30_000);
    while (requests.some((r) => !peer.arrivals.has(r.key)) && performance.now() < deadline) await sleep(20);
  } finally {
    clearInterval(sampler);
  }
  const latencies: number[] = [];
  for (const [k, t] of sent.startedAt) if (peer.arrivals.has(k)) latencies.push(peer.arrivals.get(k)! - t);
  return { latencies, missing: total - latencies.length, failedPosts: sent.failed, backlog: samples, offeredRate: options.rate };
}

/**
 * Whether work piled up: the backlog (POSTs not answered + callbacks, outbox events and deliveries waiting) over the
 * second half of the sending window grows by more than one second's worth of offered load.
 */
export function backlogGrows(run: ChainRun, durationMs: number): { grows: boolean; first: number; last: number } {
  const during = run.backlog.filter((s) => s.atMs <= durationMs + 500);
  const half = during.filter((s) => s.atMs >= durationMs / 2);
  const total = (s: BacklogSample) => s.unanswered + s.callbacks + s.outbox + s.deliveries;
  const first = half.length ? total(half[0]) : 0;
  const last = half.length ? total(half[half.length - 1]) : 0;
  return { grows: last - first > run.offeredRate, first, last };
}
