/** The admin API's answers, as far as the dashboard reads them. */

/** A capability the admin API grants by role. */
export type Capability = 'read' | 'opsRead' | 'act' | 'manage';

/** `GET /me`: who is signed in and what they may do. */
export interface Me {
  userId: string;
  roles: string[];
  capabilities: Capability[];
  canRevealPii: boolean;
}

/** One page of a cursor-paged list. */
export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

/** `GET /overview`: the live numbers of the last few minutes. */
export interface Overview {
  at: string;
  windowMinutes: number;
  callbacks: { perMinuteByResult: Record<string, number>; successRate: number | null; reviewQueue: number; orphaned: number };
  deliveries: { perMinute: { succeeded: number; failed: number }; pending: number; deadLetters: number; outboxLagSeconds: number };
  applications: { byStatus: Record<string, number> };
}

/** An application as the admin API lists and shows it (personal data masked). */
export interface Application {
  id: string;
  dealerId: string;
  lenderId: string;
  externalRef?: string | null;
  lenderAppId?: string | null;
  lenderAppNo?: string | null;
  lenderStatus?: string | null;
  status: string;
  updatedAt?: string;
  decision?: unknown;
  adverseActionDueAt?: string | null;
  application?: { applicant?: { ssn?: string } };
}

/** One delivery attempt inside a timeline entry. */
export interface TimelineAttempt {
  attempt: number;
  statusCode?: number | null;
  errorCode?: string | null;
  durationMs: number;
}

/** One line of an application's timeline, by kind. */
export type TimelineEntry =
  | { kind: 'transition'; at: string; from?: string | null; to: string; source: string; lenderStatus?: string | null; reason?: string | null }
  | { kind: 'submission'; at: string; attempt: number; state: string; httpStatus?: number | null; errorCode?: string | null; errorMessage?: string | null; vendorResponse?: unknown }
  | { kind: 'callback'; at: string; callbackId: string; lenderId: string; bodyBytes: number; parseStatus?: string | null; processStatus?: string | null; parseReason?: string | null; processDetail?: string | null }
  | { kind: 'delivery' | 'crm_sync'; at: string; eventType: string; targetId: string; status: string; attempts?: TimelineAttempt[]; lastError?: string | null };

/** A webhook or CRM delivery. */
export interface Delivery {
  id: string;
  eventType: string;
  targetKind: string;
  targetId: string;
  applicationId?: string | null;
  status: string;
  attempts: number;
  replays?: number;
  lastErrorCode?: string | null;
  lastError?: string | null;
  updatedAt?: string;
}

/** A webhook subscription. */
export interface Subscription {
  id: string;
  url: string;
  events: string[];
  source: string;
  enabled: boolean;
  disabledReason?: string | null;
}

/** A CRM target of the manifest, with its pause state. */
export interface CrmTarget {
  id: string;
  adapter: string;
  events: string[];
  enabledInManifest: boolean;
  paused?: { reason: string; since: string } | null;
  pausedDeliveries: number;
}

/** A stored lender callback. */
export interface StoredCallback {
  id: number | string;
  lenderId: string;
  receivedAt: string;
  parseStatus?: string | null;
  parseReason?: string | null;
  processStatus?: string | null;
  processDetail?: string | null;
  applicationId?: string | null;
  bodyPreview?: string | null;
}

/** One audit log row. */
export interface AuditEntry {
  id: number | string;
  at: string;
  actor: string;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  details?: unknown;
}
