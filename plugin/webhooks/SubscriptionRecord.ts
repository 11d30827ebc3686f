import type { SecretRef } from '../manifest/Manifest.js';
import type { SignatureSchemeName } from '../sdk/SignatureScheme.js';

/** A subscription as stored (manifest ones are synced in at start, API ones created at run time). */
export interface SubscriptionRecord {
  id: string;
  source: 'manifest' | 'api';
  url: string;
  events: string[];
  transport: string;
  /** The transport's own settings (`transportSettings`), `{}` when none. */
  transportSettings: Record<string, unknown>;
  signature: SignatureSchemeName;
  secretRef: SecretRef | null;
  secretSealed: Buffer | null;
  previousSecretSealed: Buffer | null;
  previousSecretExpiresAt: Date | null;
  rateLimit: { perSecond: number; burst: number };
  retrySchedule: string[] | null;
  timeoutMs: number;
  enabled: boolean;
  disabledReason: string | null;
  disabledAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What the API shows of a subscription: everything but secret material. */
export interface SubscriptionView {
  id: string;
  source: 'manifest' | 'api';
  url: string;
  events: string[];
  transport: string;
  /** The transport's settings; secrets appear only as `{ env }` / `{ file }` references. */
  transportSettings: Record<string, unknown>;
  signature: SignatureSchemeName;
  rateLimit: { perSecond: number; burst: number };
  retrySchedule: string[] | null;
  timeoutMs: number;
  enabled: boolean;
  disabledReason: string | null;
  disabledAt: string | null;
  /** Until when the secret replaced by the last rotation still signs. */
  previousSecretValidUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

/** disabled_reason of a manifest subscription no longer in the manifest: it matches no new events. */
export const REMOVED_FROM_MANIFEST = 'removed from the manifest';

export const DEFAULT_RATE_LIMIT = { perSecond: 50, burst: 200 };
export const DEFAULT_TIMEOUT_MS = 15_000;
/** The scheme a subscription signs with unless it names another (the manifest schema's default says the same). */
export const DEFAULT_SIGNATURE_SCHEME = 'standard-webhooks';

type Row = Record<string, unknown>;

const asDate = (v: unknown): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));

export function rowToSubscription(row: Row): SubscriptionRecord {
  const retry = row.retry as { schedule?: string[] } | null;
  return {
    id: String(row.id),
    source: row.source as 'manifest' | 'api',
    url: String(row.url),
    events: (row.events as string[]) ?? [],
    transport: String(row.transport),
    transportSettings: (row.transport_settings as Record<string, unknown> | null) ?? {},
    signature: String(row.signature),
    secretRef: (row.secret_ref as SecretRef | null) ?? null,
    secretSealed: (row.secret_sealed as Buffer | null) ?? null,
    previousSecretSealed: (row.previous_secret_sealed as Buffer | null) ?? null,
    previousSecretExpiresAt: asDate(row.previous_secret_expires_at),
    rateLimit: (row.rate_limit as { perSecond: number; burst: number } | null) ?? DEFAULT_RATE_LIMIT,
    retrySchedule: retry?.schedule ?? null,
    timeoutMs: Number(row.timeout_ms),
    enabled: Boolean(row.enabled),
    disabledReason: (row.disabled_reason as string | null) ?? null,
    disabledAt: asDate(row.disabled_at),
    createdAt: asDate(row.created_at)!,
    updatedAt: asDate(row.updated_at)!,
  };
}

export function toSubscriptionView(s: SubscriptionRecord, now: Date): SubscriptionView {
  const previousValid = s.previousSecretSealed && s.previousSecretExpiresAt && s.previousSecretExpiresAt > now ? s.previousSecretExpiresAt.toISOString() : null;
  return {
    id: s.id,
    source: s.source,
    url: s.url,
    events: s.events,
    transport: s.transport,
    transportSettings: s.transportSettings,
    signature: s.signature,
    rateLimit: s.rateLimit,
    retrySchedule: s.retrySchedule,
    timeoutMs: s.timeoutMs,
    enabled: s.enabled,
    disabledReason: s.disabledReason,
    disabledAt: s.disabledAt?.toISOString() ?? null,
    previousSecretValidUntil: previousValid,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}
