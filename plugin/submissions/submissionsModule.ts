import { ContainerModule } from 'inversify';
import { TOKENS } from '../kernel/tokens.js';
import { APPLICATIONS_TOKENS } from '../applications/tokens.js';
import { SUBMISSIONS_TOKENS } from './tokens.js';
import { SubmissionQueue } from './SubmissionQueue.js';
import { SubmissionProcessor } from './SubmissionProcessor.js';
import { SubmissionWorker } from './SubmissionWorker.js';

/**
 * The submission queue (which answers the applications' SubmissionRequests), its
 * worker (a Startable) and the Postgres sweep that refills it. The tuning
 * (SUBMISSIONS_TOKENS.SubmissionTuning) is bound where the container is built.
 */
export const submissionsModule = new ContainerModule(({ bind }) => {
  bind(SUBMISSIONS_TOKENS.SubmissionQueue).to(SubmissionQueue).inSingletonScope();
  bind(APPLICATIONS_TOKENS.SubmissionRequests).toService(SUBMISSIONS_TOKENS.SubmissionQueue);
  bind(SUBMISSIONS_TOKENS.SubmissionProcessor).to(SubmissionProcessor).inSingletonScope();
  bind(TOKENS.Startable).to(SubmissionWorker).inSingletonScope();
});
