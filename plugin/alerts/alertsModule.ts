import { ContainerModule } from 'inversify';
import { TOKENS } from '../kernel/tokens.js';
import { AlertMonitor } from './AlertMonitor.js';

/** Operations alerts (the settings are bound by the composition root: manifest, then createLendwire's `alerts` option). */
export const alertsModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.Startable).to(AlertMonitor).inSingletonScope();
});
