import type { Router } from 'express';
import type { HealthCheck, HealthResult } from '../kernel/lifecycle.js';
import type { Metrics } from '../observability/Metrics.js';
import type { RouteContributor } from '../http/RouteContributor.js';
import { withDeadline } from '../kernel/withDeadline.js';
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from '../errors/LendwireError.js';

/** Each check gets this long, so /health answers within the 2 s every route promises during an outage. */
const CHECK_TIMEOUT_MS = 1000;

async function runCheck(check: HealthCheck): Promise<HealthResult & { latencyMs: number }> {
  const started = performance.now();
  try {
    const result = await withDeadline(check.check(), CHECK_TIMEOUT_MS, `health check ${check.name}`);
    return { ...result, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    return { ok: false, detail: err instanceof Error ? err.message : String(err), latencyMs: Math.round(performance.now() - started) };
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
        if (body.status !== 'ok') res.setHeader('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
        res.status(body.status === 'ok' ? 200 : 503).json(body);
      });
      router.get('/metrics', async (_req, res) => {
        res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
      });
    },
  };
}
