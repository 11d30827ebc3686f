import type { ApplicationService, Caller } from './ApplicationService.js';
import type { SubmitApplicationInput } from '../sdk/CreditApplication.js';
import type { OpenJourneyInput } from '../sdk/CustomerJourney.js';
import { parseListQuery } from './listQuery.js';

export interface InProcessCaller {
  /** Who to record as the creator (default "host"). */
  actor?: string;
  /** Restrict to these dealers (default: the host is trusted with every dealer). */
  dealerIds?: string[];
}

/**
 * `lendwire.applications`: the dealer API for hosts that call lendwire in-process.
 * Same validation, idempotency, rate limits, encryption and errors as over HTTP
 * (errors are the typed InputError / ConflictError / RateLimitedError / NotFoundError).
 */
export interface ApplicationsApi {
  /** A credit application (`application`), or a customer journey with a broker lender (`journey` instead). */
  submit(input: SubmitApplicationInput | OpenJourneyInput | unknown, options?: InProcessCaller & { idempotencyKey?: string }): Promise<Record<string, unknown>>;
  get(id: string, options?: InProcessCaller): Promise<Record<string, unknown>>;
  list(query?: Record<string, string | undefined>, options?: InProcessCaller): Promise<{ items: Record<string, unknown>[]; nextCursor: string | null }>;
  timeline(id: string, options?: InProcessCaller): Promise<Record<string, unknown>>;
  /** Settles `needs_review` / `submission_failed`: `{ resolution: 'submitted', lenderAppId }`, `{ resolution: 'resubmit' }` or `{ resolution: 'failed', reason }`. */
  resolveReview(id: string, decision: unknown, options?: InProcessCaller): Promise<Record<string, unknown>>;
  /** Records that a declined application's adverse-action notice was sent (stops reminders, resolves the overdue alert). */
  adverseActionSent(id: string, options?: InProcessCaller): Promise<Record<string, unknown>>;
}

/** `lendwire.applications` over the one ApplicationService the routes use. */
export function createApplicationsApi(service: ApplicationService): ApplicationsApi {
  // In process the host itself is calling: it may act for every dealer unless it names some.
  const caller = (o: InProcessCaller = {}): Caller => ({ actor: o.actor ?? 'host', dealerScope: o.dealerIds === undefined ? null : [...o.dealerIds] });
  return {
    async submit(input, options = {}) {
      return (await service.submit(input, caller(options), { idempotencyKey: options.idempotencyKey })).body;
    },
    get: (id, options) => service.get(id, caller(options)),
    list: (query = {}, options) => service.list(parseListQuery(query), caller(options)),
    timeline: (id, options) => service.timeline(id, caller(options)),
    resolveReview: (id, decision, options) => service.resolveReview(id, decision, caller(options)),
    adverseActionSent: (id, options) => service.adverseActionSent(id, caller(options)),
  };
}
