/* Generated from manifest.schema.json by `npm run generate:types`: do not edit, change the schema and run it again. */

/**
 * A reference to a secret resolved at start: an environment variable or a file.
 */
export type SecretRef =
  | {
      env: string;
    }
  | {
      file: string;
    };

/**
 * Configures lenders, outbound subscriptions, CRM targets, security and retention for one lendwire installation. Secrets are never written here: use { "env": NAME } or { "file": path }.
 */
export interface Manifest {
  /**
   * Path or URL of this JSON Schema, for editor completion.
   */
  $schema?: string;
  /**
   * Name of this installation (shown in logs and the dashboard).
   */
  name: string;
  /**
   * Version of this manifest, for the operator's own bookkeeping.
   */
  version: string;
  /**
   * Semver range of the lendwire host API this manifest was written for, e.g. "^1.0.0".
   */
  hostApi: string;
  /**
   * Where the host mounts the router; used to build absolute links.
   */
  basePath: string;
  lenders: LenderConfig[];
  subscriptions: SubscriptionConfig[];
  crm: CrmConfig[];
  security: SecurityConfig;
  retention: RetentionConfig;
  runtime: RuntimeConfig;
  /**
   * The reactivation playbook for customer journeys that sit quiet. Each step fires once per quiet spell; any change to the application (a customer action the lender reports) starts a new spell.
   */
  reactivation: {
    enabled: boolean;
    /**
     * Default: 48h customer_link.reminder_due (SMS reminder, same link), 5d application.reactivation_due (a CRM task through the crm[] mapping), 14d application.stale.
     *
     * @maxItems 20
     */
    steps?: {
      /**
       * Quiet time before the step fires, e.g. 48h.
       */
      after: string;
      /**
       * The event the step emits.
       */
      event: 'customer_link.reminder_due' | 'application.reactivation_due' | 'application.stale';
      /**
       * The step's name in the event (default: derived from the event, e.g. sms_reminder, phone_call, stale).
       */
      step?: string;
    }[];
  };
  /**
   * Lending compliance reminders: adverse-action notices due 30 days after a decline.
   */
  compliance: {
    /**
     * Emit application.adverse_action_due this many days before an adverse-action notice is due (30 days after a decline); an alert is raised once it is overdue and not recorded as sent.
     */
    adverseActionReminderDays: number;
  };
  delivery?: DeliveryConfig;
}
export interface LenderConfig {
  /**
   * Lowercase letters, digits, '-' and '_'.
   */
  id: string;
  /**
   * Id of a registered lender adapter; its settings schema checks credentials, callbacks and options at start.
   */
  adapter: string;
  name?: string;
  enabled: boolean;
  submission?: {
    url?: string;
    lookupUrl?: string;
    timeoutMs: number;
    tls?: TlsConfig;
  };
  /**
   * Secrets the adapter calls the lender with, by name; which names, its settings schema says.
   */
  credentials?: {
    [k: string]: SecretRef;
  };
  /**
   * How the lender's callbacks are received: the body limit here, the adapter's authentication settings (secret references and options) per its settings schema.
   */
  callbacks?: {
    maxBodyBytes: number;
    [k: string]: unknown;
  };
  rateLimit: {
    /**
     * Submissions one dealer may send this lender per hour.
     */
    perDealerPerHour: number;
  };
  /**
   * Adapter-specific settings, checked at start against the adapter's settings schema.
   */
  options?: {
    [k: string]: unknown;
  };
}
/**
 * Mutual TLS material for calls to the lender.
 */
export interface TlsConfig {
  cert?: SecretRef;
  key?: SecretRef;
  ca?: SecretRef;
  passphrase?: SecretRef;
}
export interface SubscriptionConfig {
  /**
   * Lowercase letters, digits, '-' and '_'.
   */
  id: string;
  url: string;
  /**
   * @minItems 1
   */
  events: string[];
  secret?: SecretRef;
  /**
   * Name of a registered signature scheme (default standard-webhooks); transports bring theirs, hosts may register more; checked at start().
   */
  signature: string;
  /**
   * Id of a registered transport (default webhook).
   */
  transport: string;
  /**
   * The transport's own settings: checked against its configSchema and its checkSubscription at start(), and by the admin API.
   */
  transportSettings?: {
    [k: string]: unknown;
  };
  rateLimit?: {
    perSecond: number;
    burst: number;
  };
  timeoutMs: number;
  retry?: {
    /**
     * @maxItems 30
     *
     * Items: A duration like 500ms, 30s, 5m, 2h, 7d.
     */
    schedule?: string[];
  };
  enabled: boolean;
  disabledReason?: string;
}
/**
 * A CRM the deal of each application is kept in sync with. CRM updates are deliveries: they share the attempt log, retries, dead letters and replay.
 */
export interface CrmConfig {
  /**
   * Lowercase letters, digits, '-' and '_'.
   */
  id: string;
  /**
   * Id of a registered CRM adapter; its settings schema checks credentials and options at start.
   */
  adapter: string;
  enabled: boolean;
  /**
   * API base URL of the CRM (each adapter's README says which; some have a default).
   */
  baseUrl?: string;
  /**
   * Event types this CRM follows (wildcards like application.*); default application.status_changed.
   *
   * @minItems 1
   */
  events?: string[];
  /**
   * Secrets the adapter calls the CRM with, by name; which names, its settings schema says.
   */
  credentials?: {
    [k: string]: SecretRef;
  };
  /**
   * How an application's deal is found in the CRM.
   */
  link: {
    /**
     * Which id the CRM property holds: lendwire's application id or the host's externalRef.
     */
    by: 'applicationId' | 'externalRef';
    /**
     * CRM property holding that id (a unique-value or external-id property of the CRM's deals).
     */
    property: string;
    /**
     * Create the deal when none holds the id; when false a missing deal is reported as a permanent failure.
     */
    create: boolean;
    /**
     * Name of a new deal; {event.path} placeholders, e.g. "Finance {application.externalRef}".
     */
    name?: string;
    /**
     * Pipeline of new deals (the CRM's pipeline id).
     */
    pipeline?: string | number;
    /**
     * Stage of a new deal when the status has no stage mapping (some adapters require it).
     */
    initialStage?: string | number;
    /**
     * Expected close date of a new deal, in days after the event.
     */
    closeInDays: number;
  };
  /**
   * Normalized application status -> CRM stage id. A status without a mapping leaves the stage alone.
   */
  stages?: {
    [k: string]: string | number;
  };
  /**
   * Event path (data.*, application.*, type, timestamp...) -> CRM property, optionally with the type to convert to.
   */
  fields?: {
    [k: string]:
      | string
      | {
          property: string;
          type?: 'string' | 'number' | 'integer' | 'boolean' | 'date' | 'datetime';
        };
  };
  /**
   * Normalized status -> follow-up(s) created on the deal when an application enters that status; an event type (e.g. application.reactivation_due) -> follow-up(s) created for each such event.
   */
  actions?: {
    [k: string]: CrmAction | CrmAction[];
  };
  rateLimit?: {
    perSecond?: number;
    burst?: number;
  };
  retry?: {
    /**
     * @maxItems 30
     *
     * Items: A duration like 500ms, 30s, 5m, 2h, 7d.
     */
    schedule?: string[];
  };
  timeoutMs: number;
  /**
   * Adapter-specific settings, checked at start against the adapter's settings schema.
   */
  options?: {
    [k: string]: unknown;
  };
}
export interface CrmAction {
  /**
   * A task on the deal (the CRM's own kind of task or activity).
   */
  type: 'task';
  /**
   * May hold {event.path} placeholders.
   */
  subject: string;
  body?: string;
  dueInDays: number;
  priority?: 'low' | 'normal' | 'high';
}
export interface SecurityConfig {
  /**
   * Allow plain http:// subscription URLs (development only).
   */
  allowInsecureHttp: boolean;
  /**
   * Subnets (CIDR) outbound calls may reach even though they are private.
   */
  ssrfAllowlist: string[];
  /**
   * AES-256-GCM keys for PII at rest. Each key is a secret holding 32 bytes as base64 or hex.
   */
  encryption?: {
    activeKeyId: string;
    keys: {
      [k: string]: SecretRef;
    };
  };
  maxBodyBytes: number;
}
export interface RetentionConfig {
  /**
   * At least 25 months (ECOA Reg B); default 7 years.
   */
  rawCallbacksDays: number;
  deliveriesDays: number;
  /**
   * How long audit log lines are kept: at least 25 months (ECOA Reg B record retention), the default.
   */
  auditLogDays: number;
}
export interface RuntimeConfig {
  shutdownTimeoutMs: number;
  /**
   * Jobs in flight per queue in this process (deliveries, submissions, callbacks), e.g. { "deliveries": 20 }; callbackTransactions: callback processing transactions in flight (default 4), the callback jobs waiting meanwhile share the next one. A process that runs the workers processes the callbacks it stores itself, up to 64 per callback job slot at once; more go to the queue.
   */
  concurrency: {
    [k: string]: number;
  };
  /**
   * A request still waiting after this long while PostgreSQL or Redis is down is answered 503 with Retry-After; 0ms never cuts requests short (default 1500ms).
   */
  requestDeadline?: string;
  /**
   * How often stored callbacks without a queue job (Redis flushed or down) are queued again (default 5s).
   */
  callbackSweepInterval?: string;
  /**
   * A pending callback younger than this is assumed to have its job, or to be processed by the process that stored it (default 10s).
   */
  callbackPendingGrace?: string;
  /**
   * How often applications waiting for submission are queued again (default 10s).
   */
  submissionSweepInterval?: string;
  /**
   * A queued application younger than this is assumed to have its job (default 10s).
   */
  submissionPendingGrace?: string;
  /**
   * A submission being sent for longer than the lender's timeout plus this has no live worker behind it and is settled (default 15s).
   */
  submissionOrphanGrace?: string;
  /**
   * Lock of a callback or submission job: a worker killed mid-job loses it to another worker after this long (default 10s). Deliveries use delivery.stalledJobTimeout.
   */
  jobLockDuration?: string;
  /**
   * How often workers look for jobs whose lock expired (default 5s).
   */
  stalledCheckInterval?: string;
}
/**
 * Outbound delivery engine settings shared by every subscription and CRM target.
 */
export interface DeliveryConfig {
  /**
   * Default delays between attempts (jitter ±10%); after the last one a delivery is dead-lettered. Default 1s, 5s, 30s, 5m, 30m, 2h, 6h, 24h, 24h.
   *
   * @maxItems 30
   *
   * Items: A duration like 500ms, 30s, 5m, 2h, 7d.
   */
  retrySchedule?: string[];
  /**
   * Longest wait a target's Retry-After can impose before the next attempt (default 24h). Retry-After can lengthen a scheduled wait, never shorten it.
   */
  retryAfterCap?: string;
  /**
   * Shortest wait after a rate-limited answer (429), whatever its Retry-After says (default 1s); rate-limited answers do not use up an attempt.
   */
  rateLimitFloor?: string;
  circuitBreaker?: {
    /**
     * Consecutive failed attempts that open the circuit of an endpoint.
     */
    failureThreshold: number;
    /**
     * How long an open circuit waits before one probe attempt (default 60s).
     */
    cooldown?: string;
    /**
     * An endpoint failing every attempt for this long is disabled (default 5d).
     */
    disableAfter?: string;
  };
  /**
   * Pending deliveries for one endpoint above which endpoint.backlog_exceeded is raised.
   */
  backlogThreshold: number;
  /**
   * Outbox polling fallback when no NOTIFY arrives (default 1s).
   */
  relayPollInterval?: string;
  /**
   * How often pending deliveries are checked against the queue and re-enqueued when their job is missing (default 10s).
   */
  reconcileInterval?: string;
  /**
   * A job whose worker died is picked up again after this long (default 10s); also the lease of a delivery a process sends without a job, renewed while its attempt runs.
   */
  stalledJobTimeout?: string;
  /**
   * Deliveries in flight per worker process.
   */
  concurrency: number;
  /**
   * Attempts in flight to one endpoint across all workers, so a slow endpoint cannot occupy every worker.
   */
  maxInFlightPerEndpoint: number;
}
