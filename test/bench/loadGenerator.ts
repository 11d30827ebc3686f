import { Pool } from 'undici';
import { exitWithParent } from './exitWithParent.js';

/** What the closed-loop load generator is asked to do (passed as workerData). */
export interface LoadSpec {
  origin: string;
  path: string;
  headers: Record<string, string>;
  /** Request bodies; request i sends bodies[i % bodies.length]. */
  bodies: string[];
  connections: number;
  durationMs: number;
  warmupMs: number;
}

export interface LoadResult {
  /** Answers with the expected status inside the measured window. */
  ok: number;
  /** Other statuses and transport errors inside the measured window. */
  failed: number;
  firstFailure?: string;
  measuredMs: number;
  /** Latency of every ok answer in the measured window, ms. */
  latencies: Float64Array;
}

/**
 * A closed-loop generator: `connections` callers, each sends its next request as
 * soon as the previous answer is read, over a keep-alive pool of the same size.
 * Runs in its own process (see runLoad.ts) so it does not share the server's event loop.
 */
async function generate(spec: LoadSpec): Promise<LoadResult> {
  const pool = new Pool(spec.origin, { connections: spec.connections, pipelining: 1 });
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  let firstFailure: string | undefined;
  let next = 0;
  const start = performance.now();
  const measureFrom = start + spec.warmupMs;
  const stopAt = measureFrom + spec.durationMs;
  const caller = async () => {
    while (performance.now() < stopAt) {
      const body = spec.bodies[next++ % spec.bodies.length];
      const t0 = performance.now();
      let status = 0;
      try {
        const res = await pool.request({ method: 'POST', path: spec.path, headers: spec.headers, body });
        status = res.statusCode;
        await res.body.text();
      } catch (err) {
        firstFailure ??= err instanceof Error ? err.message : String(err);
      }
      const t1 = performance.now();
      if (t0 < measureFrom || t1 > stopAt) continue;
      if (status === 200) {
        ok++;
        latencies.push(t1 - t0);
      } else {
        failed++;
        if (status) firstFailure ??= `HTTP ${status}`;
      }
    }
  };
  await Promise.all(Array.from({ length: spec.connections }, caller));
  await pool.close();
  return { ok, failed, firstFailure, measuredMs: spec.durationMs, latencies: Float64Array.from(latencies) };
}

if (process.send) {
  exitWithParent();
  process.once('message', (spec: LoadSpec) => {
    generate(spec).then(
      (result) => process.send!({ result }),
      (err: unknown) => process.send!({ error: err instanceof Error ? err.stack : String(err) }),
    );
  });
}
