import { dirname, resolve } from 'node:path';
import type { Application } from 'express';
import type { Knex } from 'knex';
import type { RedisClient } from '../kernel/RedisClient.js';
import type { Logger } from 'pino';
import { TOKENS } from '../kernel/tokens.js';
import { createContainer, getAllOf } from './createContainer.js';
import { checkRegistrations } from './checkRegistrations.js';
import { checkAdapterSettings } from './checkAdapterSettings.js';
import { migrateLatest, migrationStatus } from './migrate.js';
import { systemClock, type Clock } from '../kernel/Clock.js';
import type { LendwireConfig } from '../kernel/LendwireConfig.js';
import type { Startable } from '../kernel/lifecycle.js';
import { ConfigurationError, UnavailableError } from '../errors/index.js';
import { createRouter } from '../http/createRouter.js';
import type { AuthHook } from '../http/auth.js';
import type { RouteContributor } from '../http/RouteContributor.js';
import { loadManifestFile, parseManifest } from './parseManifest.js';
import { SecretResolver } from '../manifest/SecretResolver.js';
import type { Manifest } from '../manifest/Manifest.js';
import { createLogger } from '../observability/createLogger.js';
import type { Metrics } from '../observability/Metrics.js';
import type { LenderAdapter } from '../sdk/LenderAdapter.js';
import type { CrmAdapter } from '../sdk/CrmAdapter.js';
import type { Transport } from '../sdk/Transport.js';
import type { AlertSettings } from '../alerts/AlertSettings.js';
import type { IdleSettings } from '../applications/idle/IdleSettings.js';
import type { SignatureScheme } from '../sdk/SignatureScheme.js';
import { registerTransport } from './registerTransport.js';
import type { SubscriptionService } from '../webhooks/SubscriptionService.js';
import type { DeliveryService } from '../delivery/DeliveryService.js';
import type { CallbackReviewApi } from '../callbacks/CallbackReview.js';
import type { CrmTargetService } from '../crm/CrmTargetService.js';
import { DELIVERY_TOKENS } from '../delivery/tokens.js';
import { WEBHOOKS_TOKENS } from '../webhooks/tokens.js';
import { CRM_TOKENS } from '../crm/tokens.js';
import { createApplicationsApi, type ApplicationsApi } from '../applications/ApplicationsApi.js';
import { APPLICATIONS_TOKENS } from '../applications/tokens.js';
import { CALLBACKS_TOKENS } from '../callbacks/tokens.js';
import { RunState } from './RunState.js';
import { QueuePrefix, queuePrefixProblem } from '../deployment/QueuePrefix.js';
import { readDeploymentId } from '../deployment/readDeploymentId.js';
import { identifyDeployment } from '../deployment/identifyDeployment.js';
import { PrefixClaimKeeper } from '../deployment/PrefixClaimKeeper.js';
import { logStaleSeals } from '../security/rotation/logStaleSeals.js';
import type { SubmissionTuning } from '../submissions/SubmissionTuning.js';
import { dependencyOutage } from '../kernel/dependencyOutage.js';
import { adviseOnHostTimeouts } from './adviseOnHostTimeouts.js';
import { debounced } from '../kernel/debounced.js';
import { watchRedisConnection } from '../queue/watchRedisConnection.js';

/** Several connections come back together after an outage: one reconciliation for all of them. */
const RECONCILE_DEBOUNCE_MS = 250;

export interface CreateLendwireOptions {
  /** The manifest as an object, or the path of a JSON file. */
  manifest: unknown;
  /** The host's Knex instance (PostgreSQL). */
  knex: Knex;
  /**
   * The host's ioredis connection, a `Redis` or a Redis Cluster `Cluster`; lendwire duplicates
   * it for its own queues and workers (every key of a deployment sits on one Cluster slot).
   */
  redis: RedisClient;
  /** The host's pino logger; lendwire logs through a redacting child of it. */
  logger?: Logger;
  /** The host's auth hook: request -> principal or null. */
  auth: AuthHook;
  /** Postgres schema for lendwire's tables (default "lendwire", or env LENDWIRE_SCHEMA). */
  schema?: string;
  /**
   * Redis key prefix for queues, with a `{hash tag}` (default: env LENDWIRE_QUEUE_PREFIX, else
   * `{lendwire:<deployment id>}`, unique per database). start() claims it in Redis for this
   * deployment and refuses a prefix another deployment has claimed.
   */
  queuePrefix?: string;
  /** Run workers, relay and schedulers in this process (default true). */
  runWorkers?: boolean;
  /** Upper bound for draining in-flight jobs on stop() (default: manifest runtime.shutdownTimeoutMs). */
  shutdownTimeoutMs?: number;
  /** Directory `{ file }` secrets are relative to (default: the manifest file's directory, else cwd). */
  baseDir?: string;
  /**
   * Run the hottest statements (callback ingest, outcomes, relay) as named prepared statements
   * (default true). Set false when the host's connections go through PgBouncer in transaction
   * mode older than 1.21, which does not keep prepared statements.
   */
  preparedStatements?: boolean;
  /** Time source (tests). */
  clock?: Clock;
  /** Submission worker timing (retries, job lock, orphan grace, sweep); tests scale it down. */
  submissions?: Partial<SubmissionTuning>;
  /** Operations alert thresholds and check interval (defaults: 95% callback success, 5 s vendor p95, backlog 1000, every 30 s). */
  alerts?: Partial<AlertSettings>;
  /** `application.idle` thresholds and scan interval (defaults: 24h, 72h, 7d; every 5 min). */
  idle?: Partial<IdleSettings>;
}

export interface Lendwire {
  /** Mount with `app.use('/lendwire', lendwire.router)`. */
  readonly router: Application;
  readonly manifest: Manifest;
  readonly metrics: Metrics;
  readonly logger: Logger;
  /** Applies lendwire's migrations in its own schema. */
  migrate(): Promise<string[]>;
  /** Starts workers, the relay and schedulers. Adapters must be registered before. */
  start(): Promise<void>;
  /** Drains in-flight work (bounded) and closes lendwire's own connections. */
  stop(): Promise<void>;
  registerLenderAdapter(adapter: LenderAdapter): void;
  registerCrmAdapter(adapter: CrmAdapter): void;
  /** Registers a transport, and the signature schemes it brings (`transport.signatureSchemes`). */
  registerTransport(transport: Transport): void;
  /** Adds a way of signing deliveries that subscriptions can name in `signature`; before start(), each name once. */
  registerSignatureScheme(scheme: SignatureScheme): void;
  /** Webhook subscriptions at run time: create, update, disable/enable, rotate secret, send a test event. */
  readonly subscriptions: SubscriptionService;
  /** Outbound deliveries: inspect, replay one, replay an endpoint's failures since a time, re-send an event. */
  readonly deliveries: DeliveryService;
  /** Stored lender callbacks: review listing and re-processing (one, or a lender's since a time). */
  readonly callbacks: CallbackReviewApi;
  /** Credit applications and broker journeys in-process: submit, get, list, timeline, adverseActionSent (same rules as the dealer API). */
  readonly applications: ApplicationsApi;
  /** CRM targets: which are paused (revoked credentials, rejected configuration) and why; resume one (audited, its paused deliveries go out). */
  readonly crmTargets: Pick<CrmTargetService, 'list' | 'resume'>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The prefix the host chose: the option, else LENDWIRE_QUEUE_PREFIX (so the host and `lendwire worker` agree), else none. */
function explicitQueuePrefix(options: CreateLendwireOptions): string | undefined {
  return options.queuePrefix ?? (process.env.LENDWIRE_QUEUE_PREFIX || undefined);
}

function checkOptions(options: CreateLendwireOptions): void {
  const problems: string[] = [];
  if (!options || typeof options !== 'object') throw new ConfigurationError('createLendwire needs an options object');
  if (options.manifest === undefined || options.manifest === null) problems.push('"manifest" is required (an object or a file path)');
  if (typeof options.knex !== 'function') problems.push('"knex" must be a Knex instance');
  if (!options.redis || typeof (options.redis as { duplicate?: unknown }).duplicate !== 'function') problems.push('"redis" must be an ioredis Redis or Cluster instance');
  if (typeof options.auth !== 'function') problems.push('"auth" must be a function (req) => principal | null');
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) problems.push(`"schema" ${JSON.stringify(options.schema)} is not a plain lowercase Postgres identifier`);
  const prefix = explicitQueuePrefix(options);
  const prefixProblem = prefix === undefined ? undefined : queuePrefixProblem(prefix);
  if (prefixProblem) problems.push(`"queuePrefix" (or LENDWIRE_QUEUE_PREFIX): ${prefixProblem}`);
  if (problems.length) throw new ConfigurationError(`Invalid createLendwire options: ${problems.join('; ')}`);
}

/** Builds a lendwire instance for a host: validates the manifest and its secrets, and wires the plugin's own container. */
export async function createLendwire(options: CreateLendwireOptions): Promise<Lendwire> {
  checkOptions(options);
  const manifestPath = typeof options.manifest === 'string' ? resolve(options.manifest) : undefined;
  const manifest = manifestPath ? loadManifestFile(manifestPath) : parseManifest(options.manifest);
  const secrets = new SecretResolver(options.baseDir ?? (manifestPath ? dirname(manifestPath) : process.cwd()));
  secrets.resolveAll(manifest);

  const logger = createLogger(options.logger);
  const queuePrefix = new QueuePrefix(explicitQueuePrefix(options));
  const config: LendwireConfig = {
    schema: options.schema ?? process.env.LENDWIRE_SCHEMA ?? 'lendwire',
    get queuePrefix() {
      return queuePrefix.value;
    },
    runWorkers: options.runWorkers ?? true,
    shutdownTimeoutMs: options.shutdownTimeoutMs ?? manifest.runtime.shutdownTimeoutMs,
    baseDir: options.baseDir ?? (manifestPath ? dirname(manifestPath) : process.cwd()),
    preparedStatements: options.preparedStatements ?? true,
  };
  const run = new RunState();
  const container = createContainer({
    config,
    manifest,
    secrets,
    knex: options.knex,
    redis: options.redis,
    logger,
    auth: options.auth,
    clock: options.clock ?? systemClock,
    run,
    tuning: { submissions: options.submissions, alerts: options.alerts, idle: options.idle },
  });
  const lenders = container.get(TOKENS.LenderAdapters);
  const crms = container.get(TOKENS.CrmAdapters);
  const transports = container.get(TOKENS.Transports);
  const signatureSchemes = container.get(TOKENS.SignatureSchemes);
  const queues = container.get(TOKENS.Queues);
  const runtime = container.get(TOKENS.RuntimeSettings);
  const router = createRouter({
    logger: logger.child({ component: 'http' }),
    contributors: getAllOf<RouteContributor>(container, TOKENS.Routes),
    rawPrefixes: ['/callbacks/'],
    deadlineMs: runtime.requestDeadlineMs,
    outage: dependencyOutage(options.knex, options.redis),
  });
  adviseOnHostTimeouts(options.knex, runtime.requestDeadlineMs, logger);
  let running: Startable[] = [];
  const prefixClaim = new PrefixClaimKeeper(options.redis, logger.child({ component: 'queues' }), options.clock ?? systemClock);
  const reconcileAfterOutage = debounced(RECONCILE_DEBOUNCE_MS, () => {
    logger.info('Redis is back: reconciling queues with Postgres now');
    for (const s of running) void s.reconcileNow?.().catch((err: unknown) => logger.warn({ err, component: s.name }, 'reconciliation after Redis came back failed; the next interval retries'));
  });
  queues.onRedisRecovered(reconcileAfterOutage);
  // The host's own connection: lendwire uses it for rate limits and health, so it needs an 'error' listener;
  // it logs only when the host has none (a host that listens already logs its own outages).
  const unwatchHostRedis = watchRedisConnection(options.redis, {
    role: 'host',
    logger,
    log: options.redis.listenerCount('error') === 0,
    onRecovered: reconcileAfterOutage,
  });

  const stopRunning = async () => {
    for (const s of [...running].reverse()) {
      await s.stop().catch((err: unknown) => logger.error({ err, component: s.name }, 'component failed to stop'));
    }
    running = [];
    await prefixClaim.stop();
    reconcileAfterOutage.cancel();
    // Callbacks answered just before stopping still get their jobs.
    await container.get(CALLBACKS_TOKENS.CallbackQueue).settled(config.shutdownTimeoutMs);
    await queues.close(config.shutdownTimeoutMs);
  };

  return {
    router,
    manifest,
    logger,
    metrics: container.get(TOKENS.Metrics),
    subscriptions: container.get(WEBHOOKS_TOKENS.Subscriptions),
    deliveries: container.get(DELIVERY_TOKENS.Deliveries),
    callbacks: container.get(CALLBACKS_TOKENS.CallbackReview),
    applications: createApplicationsApi(container.get(APPLICATIONS_TOKENS.ApplicationService)),
    crmTargets: container.get(CRM_TOKENS.CrmTargets),
    async migrate() {
      const applied = await migrateLatest(options.knex, config.schema);
      // The deployment id exists now: routes that enqueue work can use the default prefix before start().
      const deploymentId = await readDeploymentId(options.knex, config.schema);
      if (deploymentId) queuePrefix.adopt(deploymentId);
      return applied;
    },
    registerLenderAdapter: (adapter) => lenders.register(adapter),
    registerCrmAdapter: (adapter) => crms.register(adapter),
    registerTransport: (transport) => registerTransport(transport, transports, signatureSchemes),
    registerSignatureScheme: (scheme) => signatureSchemes.register(scheme),

    async start() {
      if (run.state !== 'created') throw new ConfigurationError(`lendwire cannot start: it is ${run.state}`);
      run.state = 'starting';
      for (const ep of [lenders, crms, transports, signatureSchemes]) ep.seal('lendwire has already started');
      const problems = checkRegistrations(manifest, lenders, crms, transports, signatureSchemes);
      if (problems.length) {
        run.state = 'created';
        throw new ConfigurationError('The manifest names adapters that are not registered', problems);
      }
      const settingsProblems = checkAdapterSettings(manifest, lenders, crms, transports);
      if (settingsProblems.length) {
        run.state = 'created';
        throw new ConfigurationError('The manifest has adapter settings their adapters do not accept', settingsProblems);
      }
      let pending: string[];
      try {
        pending = (await migrationStatus(options.knex, config.schema)).pending.map(String);
      } catch (err) {
        run.state = 'created';
        throw new UnavailableError(`lendwire cannot start: PostgreSQL is not reachable`, { cause: err });
      }
      if (pending.length) {
        run.state = 'created';
        throw new ConfigurationError(`lendwire cannot start: ${pending.length} migration(s) not applied in schema "${config.schema}"; run lendwire.migrate() or "npx lendwire migrate" first`);
      }
      try {
        await options.redis.ping();
      } catch (err) {
        run.state = 'created';
        throw new UnavailableError('lendwire cannot start: Redis is not reachable', { cause: err });
      }
      try {
        const me = await identifyDeployment(options.knex, config.schema);
        queuePrefix.adopt(me.deploymentId);
        await prefixClaim.claim(queuePrefix.value, me);
      } catch (err) {
        run.state = 'created';
        throw err;
      }
      await logStaleSeals(options.knex, config.schema, container.get(TOKENS.Sealer), logger.child({ component: 'security' }));
      try {
        if (config.runWorkers) {
          for (const s of getAllOf<Startable>(container, TOKENS.Startable)) {
            await s.start();
            running.push(s);
          }
        }
      } catch (err) {
        await stopRunning();
        run.state = 'stopped';
        throw err;
      }
      run.state = 'started';
      logger.info({ schema: config.schema, queuePrefix: config.queuePrefix, workers: config.runWorkers }, 'lendwire started');
    },

    async stop() {
      if (run.state === 'stopped') return;
      run.state = 'stopped';
      await stopRunning();
      unwatchHostRedis();
      logger.info('lendwire stopped');
    },
  };
}
