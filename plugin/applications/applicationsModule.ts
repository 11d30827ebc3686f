import { ContainerModule } from 'inversify';
import { TOKENS } from '../kernel/tokens.js';
import { APPLICATIONS_TOKENS } from './tokens.js';
import { ApplicationService } from './ApplicationService.js';
import { DealerRateLimiter } from './DealerRateLimiter.js';
import { ApplicationRoutes } from './ApplicationRoutes.js';

/** The dealer API and the in-process `lendwire.applications` service. */
export const applicationsModule = new ContainerModule(({ bind }) => {
  bind(APPLICATIONS_TOKENS.DealerRateLimiter).to(DealerRateLimiter).inSingletonScope();
  bind(APPLICATIONS_TOKENS.ApplicationService).to(ApplicationService).inSingletonScope();
  bind(TOKENS.Routes).to(ApplicationRoutes).inSingletonScope();
});
