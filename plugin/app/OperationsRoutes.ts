import type { Router } from 'express';
import { inject, injectable, multiInject } from 'inversify';
import { TOKENS } from '../kernel/tokens.js';
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
@injectable()
export class OperationsRoutes implements RouteContributor {
  readonly order = 0;

  constructor(
    @multiInject(TOKENS.HealthCheck) private readonly checks: HealthCheck[],
    @inject(TOKENS.Metrics) private readonly metrics: Metrics,
  ) {}

  mount(router: Router): void {
    const { checks, metrics } = this;
    router.get('/health', async (_req, res) => {
      const results = await Promise.all(checks.map(runCheck));
      const body = {
        status: results.every((r) => r.ok) ? 'ok' : 'unavailable',
        checks: Object.fromEntries(checks.map((c, i) => [c.name, results[i]])),
      };
      if (body.status !== 'ok') res.setHeader('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
      res.status(body.status === 'ok' ? 200 : 503).json(body);
    });
    router.get('/metrics', async (_req, res) => {
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    });
  }
}
