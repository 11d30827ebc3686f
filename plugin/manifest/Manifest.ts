/** A secret is never written in the manifest: it is read from an environment variable or a file at start. */
export type SecretRef = { env: string } | { file: string };

export interface TlsConfig {
  cert?: SecretRef;
  key?: SecretRef;
  ca?: SecretRef;
  passphrase?: SecretRef;
}

export interface LenderConfig {
  id: string;
  adapter: string;
  name?: string;
  enabled: boolean;
  submission?: { url?: string; lookupUrl?: string; timeoutMs: number; tls?: TlsConfig };
  credentials?: Record<string, SecretRef>;
  callbacks?: { apiKey?: SecretRef; secret?: SecretRef; maxBodyBytes: number; maxAgeSeconds: number; retailerName?: string; [setting: string]: unknown };
  rateLimit: { perDealerPerHour: number };
  options?: Record<string, unknown>;
}

export interface SubscriptionConfig {
  id: string;
  url: string;
  events: string[];
  secret?: SecretRef;
  signature: 'standard-webhooks' | 'broker';
  transport: string;
  rateLimit: { perSecond: number; burst: number };
  timeoutMs: number;
  retry?: { schedule?: string[] };
  enabled: boolean;
  disabledReason?: string;
}

export interface CrmConfig {
  id: string;
  adapter: string;
  enabled: boolean;
  baseUrl?: string;
  events?: string[];
  credentials?: Record<string, SecretRef>;
  link?: Record<string, unknown>;
  stages?: Record<string, string | number>;
  fields?: Record<string, unknown>;
  actions?: Record<string, unknown>;
  rateLimit?: { perSecond?: number; burst?: number };
  retry?: { schedule?: string[] };
  timeoutMs?: number;
  options?: Record<string, unknown>;
}

export interface SecurityConfig {
  allowInsecureHttp: boolean;
  ssrfAllowlist: string[];
  encryption?: { activeKeyId: string; keys: Record<string, SecretRef> };
  maxBodyBytes: number;
}

/** Delivery engine settings as written in the manifest (every key optional; see resolveDeliverySettings). */
export interface DeliveryConfig {
  retrySchedule?: string[];
  retryAfterCap?: string;
  rateLimitFloor?: string;
  circuitBreaker?: { failureThreshold?: number; cooldown?: string; disableAfter?: string };
  backlogThreshold?: number;
  relayPollInterval?: string;
  reconcileInterval?: string;
  stalledJobTimeout?: string;
  concurrency?: number;
  maxInFlightPerEndpoint?: number;
}

/** `runtime` as written in the manifest; durations like "5s" (defaults in RuntimeSettings.ts and the README). */
export interface RuntimeConfig {
  shutdownTimeoutMs: number;
  concurrency: Record<string, number>;
  requestDeadline?: string;
  callbackSweepInterval?: string;
  callbackPendingGrace?: string;
  submissionSweepInterval?: string;
  submissionPendingGrace?: string;
  submissionOrphanGrace?: string;
  jobLockDuration?: string;
  stalledCheckInterval?: string;
}

export interface Manifest {
  $schema?: string;
  name: string;
  version: string;
  hostApi: string;
  basePath: string;
  lenders: LenderConfig[];
  subscriptions: SubscriptionConfig[];
  crm: CrmConfig[];
  security: SecurityConfig;
  retention: { rawCallbacksDays: number; deliveriesDays: number };
  runtime: RuntimeConfig;
  delivery?: DeliveryConfig;
}
