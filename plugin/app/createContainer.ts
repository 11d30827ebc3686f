import 'reflect-metadata';
import { Container, type ServiceIdentifier } from 'inversify';
import type { Knex } from 'knex';
import type { RedisClient } from '../kernel/RedisClient.js';
import type { Logger } from 'pino';
import { TOKENS } from '../kernel/tokens.js';
import { ExtensionPoint } from '../kernel/ExtensionPoint.js';
import type { Clock } from '../kernel/Clock.js';
import type { LendwireConfig } from '../kernel/LendwireConfig.js';
import type { Manifest } from '../manifest/Manifest.js';
import type { SecretResolver } from '../manifest/SecretResolver.js';
import { Metrics } from '../observability/Metrics.js';
import { QueueFactory } from '../queue/QueueFactory.js';
import type { AuthHook } from '../http/auth.js';
import { createSealer } from '../security/createSealer.js';
import { LenderRegistry } from '../lenders/LenderRegistry.js';
import type { LenderAdapter } from '../sdk/LenderAdapter.js';
import type { CrmAdapter } from '../sdk/CrmAdapter.js';
import type { Transport } from '../sdk/Transport.js';
import { featureModules } from './featureModules.js';
import { settingsModule, type HostTuning } from './settingsModule.js';
import { PostgresCheck } from './health/PostgresCheck.js';
import { RedisCheck } from './health/RedisCheck.js';
import { WorkersCheck } from './health/WorkersCheck.js';
import { OperationsRoutes } from './OperationsRoutes.js';
import { APP_TOKENS } from './tokens.js';
import type { RunState } from './RunState.js';
import type { SignatureScheme } from '../sdk/SignatureScheme.js';

/** Everything the container is built from: the host's objects and options, the checked manifest. */
export interface ContainerInputs {
  config: LendwireConfig;
  manifest: Manifest;
  secrets: SecretResolver;
  knex: Knex;
  redis: RedisClient;
  logger: Logger;
  auth: AuthHook;
  clock: Clock;
  run: RunState;
  /** The host's `submissions`, `alerts` and `idle` options, bound once with the settings they adjust. */
  tuning: HostTuning;
}

/** Lists every multi-bound service under `token` (empty when none is bound). */
export function getAllOf<T>(container: Container, token: ServiceIdentifier<T>): T[] {
  return container.isBound(token) ? container.getAll<T>(token) : [];
}

/**
 * The plugin's own container; nothing is bound into the host's. Throws a
 * ConfigurationError for a bad host option or a malformed encryption key, so
 * createLendwire fails at creation rather than on the first application.
 */
export function createContainer(inputs: ContainerInputs): Container {
  const settings = settingsModule(inputs.manifest, inputs.tuning);
  const sealer = createSealer(inputs.manifest, inputs.secrets);

  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(TOKENS.Config).toConstantValue(inputs.config);
  container.bind(TOKENS.Manifest).toConstantValue(inputs.manifest);
  container.bind(TOKENS.Secrets).toConstantValue(inputs.secrets);
  container.bind(TOKENS.Knex).toConstantValue(inputs.knex);
  container.bind(TOKENS.Redis).toConstantValue(inputs.redis);
  container.bind(TOKENS.Logger).toConstantValue(inputs.logger);
  container.bind(TOKENS.Clock).toConstantValue(inputs.clock);
  container.bind(TOKENS.Auth).toConstantValue(inputs.auth);
  container.bind(TOKENS.Sealer).toConstantValue(sealer);
  container.bind(APP_TOKENS.RunState).toConstantValue(inputs.run);
  container.bind(TOKENS.Metrics).to(Metrics).inSingletonScope();
  container.bind(TOKENS.Queues).to(QueueFactory).inSingletonScope();
  container.bind(TOKENS.LenderAdapters).toConstantValue(new ExtensionPoint<LenderAdapter>('lender adapter'));
  container.bind(TOKENS.Lenders).to(LenderRegistry).inSingletonScope();
  container.bind(TOKENS.CrmAdapters).toConstantValue(new ExtensionPoint<CrmAdapter>('CRM adapter'));
  container.bind(TOKENS.Transports).toConstantValue(new ExtensionPoint<Transport>('transport'));
  container.bind(TOKENS.SignatureSchemes).toConstantValue(new ExtensionPoint<SignatureScheme>('signature scheme'));

  container.bind(TOKENS.HealthCheck).to(PostgresCheck).inSingletonScope();
  container.bind(TOKENS.HealthCheck).to(RedisCheck).inSingletonScope();
  container.bind(TOKENS.HealthCheck).to(WorkersCheck).inSingletonScope();
  container.bind(TOKENS.Routes).to(OperationsRoutes).inSingletonScope();

  container.load(settings, ...featureModules);
  return container;
}
