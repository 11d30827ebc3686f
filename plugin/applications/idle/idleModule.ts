import { ContainerModule } from 'inversify';
import { TOKENS } from '../../kernel/tokens.js';
import { IdleScheduler } from './IdleScheduler.js';
import { DEFAULT_IDLE_SETTINGS } from './IdleSettings.js';

/** The `application.idle` scheduler (createLendwire's `idle` option overrides the settings). */
export const idleModule = new ContainerModule((bind) => {
  bind(TOKENS.IdleSettings).toConstantValue(DEFAULT_IDLE_SETTINGS);
  bind(TOKENS.Startable).toDynamicValue(
    (ctx) =>
      new IdleScheduler({
        knex: ctx.container.get(TOKENS.Knex),
        schema: ctx.container.get(TOKENS.Config).schema,
        queues: ctx.container.get(TOKENS.Queues),
        settings: ctx.container.get(TOKENS.IdleSettings),
        clock: ctx.container.get(TOKENS.Clock),
        logger: ctx.container.get(TOKENS.Logger).child({ component: 'idle' }),
      }),
  );
});
