import { ContainerModule } from 'inversify';
import { TOKENS } from '../../kernel/tokens.js';
import { IdleScheduler } from './IdleScheduler.js';

/** The `application.idle` scheduler; its settings (IDLE_TOKENS.IdleSettings) are bound where the container is built. */
export const idleModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.Startable).to(IdleScheduler).inSingletonScope();
});
