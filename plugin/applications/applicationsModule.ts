import { ContainerModule } from 'inversify';
import { TOKENS } from '../kernel/tokens.js';
import { ApplicationService } from './ApplicationService.js';
import { DealerRateLimiter } from './DealerRateLimiter.js';
import { applicationRoutes } from './applicationRoutes.js';

/** The dealer API and the in-process `lendwire.applications` service. */
export const applicationsModule = new ContainerModule((bind) => {
  bind(TOKENS.ApplicationService)
    .toDynamicValue((ctx) => {
      const c = ctx.container;
      const config = c.get(TOKENS.Config);
      return new ApplicationService({
        knex: c.get(TOKENS.Knex),
        schema: config.schema,
        lenders: c.get(TOKENS.Lenders),
        sealer: c.get(TOKENS.Sealer),
        limiter: new DealerRateLimiter(c.get(TOKENS.Redis), () => config.queuePrefix, c.get(TOKENS.Logger).child({ component: 'rate-limit' })),
        queue: c.get(TOKENS.SubmissionQueue),
        clock: c.get(TOKENS.Clock),
        logger: c.get(TOKENS.Logger).child({ component: 'applications' }),
        metrics: c.get(TOKENS.Metrics),
      });
    })
    .inSingletonScope();
  bind(TOKENS.Routes).toDynamicValue((ctx) =>
    applicationRoutes(ctx.container.get(TOKENS.ApplicationService), ctx.container.get(TOKENS.Auth), ctx.container.get(TOKENS.Manifest).security.maxBodyBytes),
  );
});
