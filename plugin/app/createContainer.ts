import { Container, type interfaces } from 'inversify';
import type { Knex } from 'knex';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { TOKENS } from '../kernel/tokens.js';
import { ExtensionPoint } from '../kernel/ExtensionPoint.js';
import { featureModules } from './featureModules.js';
import { postgresCheck, redisCheck, workersCheck } from './coreHealthChecks.js';
import type { Clock } from '../kernel/Clock.js';
import type { LendwireConfig } from '../kernel/LendwireConfig.js';
import { resolveRuntimeSettings } from '../kernel/RuntimeSettings.js';
import type { Manifest } from '../manifest/Manifest.js';
import type { SecretResolver } from '../manifest/SecretResolver.js';
import { Metrics } from '../observability/Metrics.js';
import { QueueFactory } from '../queue/QueueFactory.js';
import type { AuthHook } from '../http/auth.js';
import { operationsRoutes } from './operationsRoutes.js';
import type { LenderAdapter } from '../sdk/LenderAdapter.js';
import type { CrmAdapter } from '../sdk/CrmAdapter.js';
import type { Transport } from '../sdk/Transport.js';
import type { SignatureScheme } from '../sdk/SignatureScheme.js';

export interface ContainerInputs {
  config: LendwireConfig;
  manifest: Manifest;
  secrets: SecretResolver;
  knex: Knex;
  redis: Redis;
  logger: Logger;
  auth: AuthHook;
  clock: Clock;
  isStarted: () => boolean;
}

/** Lists every multi-bound service under `token` (empty when none is bound). */
export function getAllOf<T>(container: Container, token: interfaces.ServiceIdentifier<T>): T[] {
  return container.isBound(token) ? container.getAll<T>(token) : [];
}

/** The plugin's own container; nothing is bound into the host's. */
export function createContainer(inputs: ContainerInputs): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(TOKENS.Config).toConstantValue(inputs.config);
  container.bind(TOKENS.Manifest).toConstantValue(inputs.manifest);
  container.bind(TOKENS.RuntimeSettings).toConstantValue(resolveRuntimeSettings(inputs.manifest.runtime));
  container.bind(TOKENS.Secrets).toConstantValue(inputs.secrets);
  container.bind(TOKENS.Knex).toConstantValue(inputs.knex);
  container.bind(TOKENS.Redis).toConstantValue(inputs.redis);
  container.bind(TOKENS.Logger).toConstantValue(inputs.logger);
  container.bind(TOKENS.Clock).toConstantValue(inputs.clock);
  container.bind(TOKENS.Auth).toConstantValue(inputs.auth);
  container.bind(TOKENS.Metrics).toConstantValue(new Metrics());
  const config = inputs.config;
  const queues = new QueueFactory({
    redis: inputs.redis,
    // Read when a queue is first made: the default prefix is known only once the deployment id is read.
    get prefix() {
      return config.queuePrefix;
    },
    logger: inputs.logger.child({ component: 'queues' }),
  });
  container.bind(TOKENS.Queues).toConstantValue(queues);
  container.bind(TOKENS.LenderAdapters).toConstantValue(new ExtensionPoint<LenderAdapter>('lender adapter'));
  container.bind(TOKENS.CrmAdapters).toConstantValue(new ExtensionPoint<CrmAdapter>('CRM adapter'));
  container.bind(TOKENS.Transports).toConstantValue(new ExtensionPoint<Transport>('transport'));
  container.bind(TOKENS.SignatureSchemes).toConstantValue(new ExtensionPoint<SignatureScheme>('signature scheme'));

  container.bind(TOKENS.HealthCheck).toConstantValue(postgresCheck(inputs.knex));
  container.bind(TOKENS.HealthCheck).toConstantValue(redisCheck(inputs.redis));
  container.bind(TOKENS.HealthCheck).toConstantValue(workersCheck(queues, inputs.config.runWorkers, inputs.isStarted));
  container
    .bind(TOKENS.Routes)
    .toDynamicValue((ctx) => operationsRoutes(() => getAllOf(ctx.container as Container, TOKENS.HealthCheck), ctx.container.get(TOKENS.Metrics)));

  container.load(...featureModules);
  return container;
}
