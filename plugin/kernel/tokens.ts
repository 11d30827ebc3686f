import type { ServiceIdentifier } from 'inversify';
import type { Knex } from 'knex';
import type { RedisClient } from './RedisClient.js';
import type { Logger } from 'pino';
import type { LendwireConfig } from './LendwireConfig.js';
import type { RuntimeSettings } from './RuntimeSettings.js';
import type { HealthCheck, Startable } from './lifecycle.js';
import type { ExtensionPoint } from './ExtensionPoint.js';
import type { Manifest } from '../manifest/Manifest.js';
import type { SecretResolver } from '../manifest/SecretResolver.js';
import type { Metrics } from '../observability/Metrics.js';
import type { QueueFactory } from '../queue/QueueFactory.js';
import type { AuthHook } from '../http/auth.js';
import type { RouteContributor } from '../http/RouteContributor.js';
import type { LenderAdapter } from '../sdk/LenderAdapter.js';
import type { CrmAdapter } from '../sdk/CrmAdapter.js';
import type { Transport } from '../sdk/Transport.js';
import type { SignatureScheme } from '../sdk/SignatureScheme.js';
import type { Clock } from './Clock.js';
import type { LenderRegistry } from '../lenders/LenderRegistry.js';
import type { Sealer } from '../security/Sealer.js';

type Id<T> = ServiceIdentifier<T>;

/** Every service the plugin's container knows, as typed symbols. */
export const TOKENS = {
  Config: Symbol('lendwire.Config') as Id<LendwireConfig>,
  /** Sweep intervals, grace periods, job locks and the request deadline (manifest runtime.*). */
  RuntimeSettings: Symbol('lendwire.RuntimeSettings') as Id<RuntimeSettings>,
  Manifest: Symbol('lendwire.Manifest') as Id<Manifest>,
  Secrets: Symbol('lendwire.Secrets') as Id<SecretResolver>,
  Knex: Symbol('lendwire.Knex') as Id<Knex>,
  Redis: Symbol('lendwire.Redis') as Id<RedisClient>,
  Logger: Symbol('lendwire.Logger') as Id<Logger>,
  Metrics: Symbol('lendwire.Metrics') as Id<Metrics>,
  Clock: Symbol('lendwire.Clock') as Id<Clock>,
  Auth: Symbol('lendwire.Auth') as Id<AuthHook>,
  Queues: Symbol('lendwire.Queues') as Id<QueueFactory>,
  LenderAdapters: Symbol('lendwire.LenderAdapters') as Id<ExtensionPoint<LenderAdapter>>,
  /** Lender id -> manifest entry + registered adapter, for applications, submissions and callbacks. */
  Lenders: Symbol('lendwire.Lenders') as Id<LenderRegistry>,
  CrmAdapters: Symbol('lendwire.CrmAdapters') as Id<ExtensionPoint<CrmAdapter>>,
  Transports: Symbol('lendwire.Transports') as Id<ExtensionPoint<Transport>>,
  /** How subscription deliveries are signed (`subscriptions[].signature`); transports bring theirs, hosts add more. */
  SignatureSchemes: Symbol('lendwire.SignatureSchemes') as Id<ExtensionPoint<SignatureScheme>>,
  /** Multi-bound: background components started and stopped with the plugin. */
  Startable: Symbol('lendwire.Startable') as Id<Startable>,
  /** Multi-bound: lines of GET /health. */
  HealthCheck: Symbol('lendwire.HealthCheck') as Id<HealthCheck>,
  /** Multi-bound: HTTP routes added to the plugin's router. */
  Routes: Symbol('lendwire.Routes') as Id<RouteContributor>,
  /** AES-256-GCM sealing of data at rest (PII, API-created secrets), keys from `security.encryption`. */
  Sealer: Symbol('lendwire.Sealer') as Id<Sealer>,
} as const;
