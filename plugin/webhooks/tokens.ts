import type { ServiceIdentifier } from 'inversify';
import type { OutboundGuard } from '../outbound/OutboundGuard.js';
import type { SubscriptionStore } from './SubscriptionStore.js';
import type { SubscriptionService } from './SubscriptionService.js';
import type { FileBatchStore } from './FileBatchStore.js';

type Id<T> = ServiceIdentifier<T>;

/** Webhook subscriptions' services, as typed symbols. */
export const WEBHOOKS_TOKENS = {
  /** The SSRF guard for subscriber endpoints (manifest `security.allowInsecureHttp`, `security.ssrfAllowlist`). */
  OutboundGuard: Symbol('lendwire.OutboundGuard') as Id<OutboundGuard>,
  /** The `subscriptions` table: one per process, so changes made through the API reach this process' worker at once. */
  SubscriptionStore: Symbol('lendwire.SubscriptionStore') as Id<SubscriptionStore>,
  /** Run-time subscriptions API (`lendwire.subscriptions`). */
  Subscriptions: Symbol('lendwire.Subscriptions') as Id<SubscriptionService>,
  /** Durable batches of the batch-file transport (`ctx.batches`). */
  FileBatchStore: Symbol('lendwire.FileBatchStore') as Id<FileBatchStore>,
} as const;
