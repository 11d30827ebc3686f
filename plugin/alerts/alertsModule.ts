import { ContainerModule } from 'inversify';
import { TOKENS } from '../kernel/tokens.js';
import { AlertMonitor } from './AlertMonitor.js';
import { ALERTS_TOKENS } from './tokens.js';

/** Operations alerts; their settings (ALERTS_TOKENS.AlertSettings, with createLendwire's `alerts` option) are bound where the container is built. */
export const alertsModule = new ContainerModule((bind) => {
  bind(TOKENS.Startable).toDynamicValue(
    (ctx) =>
      new AlertMonitor({
        knex: ctx.container.get(TOKENS.Knex),
        schema: ctx.container.get(TOKENS.Config).schema,
        clock: ctx.container.get(TOKENS.Clock),
        logger: ctx.container.get(TOKENS.Logger).child({ component: 'alerts' }),
        metrics: ctx.container.get(TOKENS.Metrics),
        settings: ctx.container.get(ALERTS_TOKENS.AlertSettings),
      }),
  );
});
