import { ContainerModule } from 'inversify';
import { TOKENS } from '../kernel/tokens.js';
import { AlertMonitor } from './AlertMonitor.js';
import { DEFAULT_ALERT_SETTINGS } from './AlertSettings.js';

/** Operations alerts (createLendwire's `alerts` option overrides the settings). */
export const alertsModule = new ContainerModule((bind) => {
  bind(TOKENS.AlertSettings).toDynamicValue((ctx) => ({
    ...DEFAULT_ALERT_SETTINGS,
    backlogThreshold: ctx.container.get(TOKENS.Manifest).delivery?.backlogThreshold ?? DEFAULT_ALERT_SETTINGS.backlogThreshold,
  }));
  bind(TOKENS.Startable).toDynamicValue(
    (ctx) =>
      new AlertMonitor({
        knex: ctx.container.get(TOKENS.Knex),
        schema: ctx.container.get(TOKENS.Config).schema,
        clock: ctx.container.get(TOKENS.Clock),
        logger: ctx.container.get(TOKENS.Logger).child({ component: 'alerts' }),
        metrics: ctx.container.get(TOKENS.Metrics),
        settings: ctx.container.get(TOKENS.AlertSettings),
      }),
  );
});
