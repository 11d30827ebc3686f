import type { Router } from 'express';
import type { HealthCheck, HealthResult } from '../container/lifecycle.js';
import type { Metrics } from '../observability/Metrics.js';
import type { RouteContributor } from './RouteContributor.js';

const CHECK_TIMEOUT_MS = 2000;

async function runCheck(check: HealthCheck): Promise<HealthResult & { latencyMs: number }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      check.check(),
      new Promise<HealthResult>((resolve) => {
        timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${CHECK_TIMEOUT_MS} ms` }), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { ...result, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    return { ok: false, detail: err instanceof Error ? err.message : String(err), latencyMs: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}

/** `GET /health` (200 when every check is ok, else 503, with per-check detail) and `GET /metrics`. */
export function operationsRoutes(checks: () => HealthCheck[], metrics: Metrics): RouteContributor {
  return {
    order: 0,
    mount(router: Router) {
      router.get('/health', async (_req, res) => {
        const list = checks();
        const results = await Promise.all(list.map(runCheck));
        const body = {
          status: results.every((r) => r.ok) ? 'ok' : 'unavailable',
          checks: Object.fromEntries(list.map((c, i) => [c.name, results[i]])),
        };
        res.status(body.status === 'ok' ? 200 : 503).json(body);
      });
      router.get('/metrics', async (_req, res) => {
        res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
      });
    },
  };
}
