import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { TOKENS } from '../kernel/tokens.js';
import type { LendwireConfig } from '../kernel/LendwireConfig.js';
import { newUlid } from '../security/newUlid.js';
import type { Clock } from '../kernel/Clock.js';
import type { LenderRegistry } from '../lenders/LenderRegistry.js';
import type { Sealer } from '../security/Sealer.js';
import type { Metrics } from '../observability/Metrics.js';
import { ConflictError, DependencyTimeoutError, InputError, NotFoundError, RateLimitedError, UnavailableError, type FieldProblem } from '../errors/index.js';
import { ApplicationStore } from './ApplicationStore.js';
import type { ApplicationRow } from './ApplicationRow.js';
import type { DealerRateLimiter } from './DealerRateLimiter.js';
import type { SubmissionRequests } from './SubmissionRequests.js';
import { APPLICATIONS_TOKENS } from './tokens.js';
import { recordTransition } from './recordTransition.js';
import { requestHash } from './requestHash.js';
import { splitPii } from './splitPii.js';
import { validateSubmitRequest } from './validateSubmitRequest.js';
import { isJourneyRequest, validateJourneyRequest } from './validateJourneyRequest.js';
import type { ApplicationKind } from './ApplicationRow.js';
import { acceptedAnswer, applicationDetail, applicationSummary } from './presentApplication.js';
import type { ListQuery } from './listQuery.js';
import { page } from '../http/keysetCursor.js';
import { parseReviewResolution, resolveReview } from './resolveReview.js';
import { applicationTimeline } from './applicationTimeline.js';
import { recordAdverseActionSent } from './recordAdverseActionSent.js';
import { inDealerScope, type DealerScope } from '../http/access/dealerScope.js';
import { QUEUE_WAIT_MS, withDeadline } from '../kernel/withDeadline.js';
import { tracedTransaction } from '../observability/tracing/index.js';

/** Who is asking, and the dealers they may act for (`null` = every dealer; see dealerScopeOf). */
export interface Caller {
  actor: string;
  dealerScope: DealerScope;
  correlationId?: string;
}

export interface SubmitOptions {
  idempotencyKey?: string;
  /** Aborted when the caller was already answered 503 (outage deadline): nothing may be stored then. */
  abandoned?: AbortSignal;
}

export interface SubmitResult {
  /** True when an earlier request with the same Idempotency-Key answered this. */
  replayed: boolean;
  body: Record<string, unknown>;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
const UNIQUE_VIOLATION = '23505';
const DEFAULT_PER_DEALER_PER_HOUR = 100;

function throwIfAbandoned(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DependencyTimeoutError('The request was answered 503 (a dependency was unavailable) before the application was stored; nothing was stored');
}

/** Dealer-facing operations on credit applications (HTTP routes and `lendwire.applications` both use it). */
@injectable()
export class ApplicationService {
  private readonly schema: string;
  private readonly store: ApplicationStore;
  private readonly logger: Logger;
  private readonly received;

  constructor(
    @inject(TOKENS.Knex) private readonly knex: Knex,
    @inject(TOKENS.Config) config: LendwireConfig,
    @inject(TOKENS.Lenders) private readonly lenders: LenderRegistry,
    @inject(TOKENS.Sealer) private readonly sealer: Sealer,
    @inject(APPLICATIONS_TOKENS.DealerRateLimiter) private readonly limiter: DealerRateLimiter,
    @inject(APPLICATIONS_TOKENS.SubmissionRequests) private readonly submissions: SubmissionRequests,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Logger) logger: Logger,
    @inject(TOKENS.Metrics) metrics: Metrics,
  ) {
    this.schema = config.schema;
    this.store = new ApplicationStore(knex, config.schema);
    this.logger = logger.child({ component: 'applications' });
    this.received = metrics.counter({
      name: 'lendwire_applications_received_total',
      help: 'Submit requests by result: accepted, replayed, invalid, rate_limited, conflict',
      labelNames: ['result'],
    });
  }

  private mayAct(caller: Caller, dealerId: string): boolean {
    return inDealerScope(caller.dealerScope, dealerId);
  }

  /** Problems with the lender and dealer named by a request that passed the schema. */
  private routingProblems(kind: ApplicationKind, lenderId: string, dealerId: string, caller: Caller): FieldProblem[] {
    const problems: FieldProblem[] = [];
    const lender = this.lenders.config(lenderId);
    // An adapter not registered yet is no problem here: start() refuses to run until it is.
    const adapter = lender && this.lenders.adapterOf(lender);
    if (!lender) problems.push({ path: '/lenderId', message: `is not a configured lender` });
    else if (!lender.enabled) problems.push({ path: '/lenderId', message: 'is disabled' });
    else if (adapter && kind === 'credit_application' && !adapter.submission) {
      problems.push({
        path: '/lenderId',
        message: adapter.journeys ? 'opens customer journeys, not credit applications: send journey instead of application' : 'does not accept submissions through lendwire',
      });
    } else if (adapter && kind === 'customer_journey' && !adapter.journeys) {
      problems.push({ path: '/lenderId', message: 'does not open customer journeys: send a credit application' });
    }
    if (!this.mayAct(caller, dealerId)) problems.push({ path: '/dealerId', message: 'is not a dealer you may submit for' });
    return problems;
  }

  async submit(body: unknown, caller: Caller, options: SubmitOptions = {}): Promise<SubmitResult> {
    const key = options.idempotencyKey;
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw new InputError('Invalid Idempotency-Key header', [{ path: '/headers/idempotency-key', message: 'must be 1 to 200 visible ASCII characters' }]);
    }
    let input;
    const problems: FieldProblem[] = [];
    const kind: ApplicationKind = isJourneyRequest(body) ? 'customer_journey' : 'credit_application';
    try {
      input = kind === 'customer_journey' ? validateJourneyRequest(body) : validateSubmitRequest(body, this.clock.now());
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      problems.push(...err.problems);
    }
    const raw = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    if (typeof raw.lenderId === 'string' && typeof raw.dealerId === 'string') problems.push(...this.routingProblems(kind, raw.lenderId, raw.dealerId, caller));
    if (problems.length || !input) {
      this.received.inc({ result: 'invalid' });
      throw new InputError(`The request has ${problems.length} problem(s)`, problems);
    }

    if (!this.sealer.enabled) {
      // Refuse rather than store SSNs in clear text; the operator must configure security.encryption.
      throw new UnavailableError('Applications cannot be accepted: PII encryption (security.encryption in the manifest) is not configured');
    }
    const hash = requestHash(input);
    if (key) {
      const earlier = await this.store.findByIdempotencyKey(input.dealerId, key);
      if (earlier) return this.replay(earlier, hash);
    }
    const lender = this.lenders.config(input.lenderId)!;
    const perHour = lender.rateLimit?.perDealerPerHour ?? DEFAULT_PER_DEALER_PER_HOUR;
    // Never waits long on Redis: during an outage the limiter counts per process (see DealerRateLimiter).
    const decision = await this.limiter.take(lender.id, input.dealerId, perHour);
    if (!decision.allowed) {
      this.received.inc({ result: 'rate_limited' });
      throw new RateLimitedError(`Dealer ${input.dealerId} reached ${perHour} submissions per hour to ${lender.id}`, decision.retryAfterSeconds);
    }

    // A journey holds contact details only (no SSN, DOB or income): nothing to seal apart.
    const { stripped, pii } = 'journey' in input ? { stripped: input.journey, pii: {} } : splitPii(input.application);
    const sealed = this.sealer.seal(JSON.stringify(pii));
    let row: ApplicationRow;
    try {
      row = await tracedTransaction(this.knex, 'application.submit', async (trx) => {
        throwIfAbandoned(options.abandoned);
        const inserted = await this.store.insert(trx, {
          id: `app_${newUlid()}`,
          dealerId: input.dealerId,
          lenderId: input.lenderId,
          externalRef: input.externalRef ?? null,
          kind,
          application: stripped,
          pii: sealed,
          piiKeyId: this.sealer.activeKeyId!,
          idempotencyKey: key ?? null,
          requestHash: hash,
          createdBy: caller.actor,
        });
        await recordTransition(trx, this.schema, {
          applicationId: inserted.id,
          dealerId: inserted.dealer_id,
          from: null,
          to: 'queued',
          source: 'api',
          eventData: { lenderId: inserted.lender_id, externalRef: inserted.external_ref },
        });
        // Last look before COMMIT: a caller told 503 retries, and must not find its first try stored.
        throwIfAbandoned(options.abandoned);
        return inserted;
      });
    } catch (err) {
      // Two requests with one key raced: the loser answers like a replay.
      if (key && (err as { code?: string }).code === UNIQUE_VIOLATION) {
        const earlier = await this.store.findByIdempotencyKey(input.dealerId, key);
        if (earlier) return this.replay(earlier, hash);
      }
      throw err;
    }
    this.logger.info({ applicationId: row.id, dealerId: row.dealer_id, lenderId: row.lender_id }, 'application accepted');
    // After commit: if Redis is unavailable the sweep enqueues it later, so the 202 stands.
    await this.enqueueOrLeaveToSweep(row.id, caller.correlationId);
    this.received.inc({ result: 'accepted' });
    return { replayed: false, body: acceptedAnswer(row) };
  }

  /**
   * Adds the submission job, waiting at most QUEUE_WAIT_MS: the application is
   * committed as `queued`, and the submission sweep enqueues whatever did not
   * make it (Redis down or slow), so the caller's answer stands either way.
   */
  private async enqueueOrLeaveToSweep(applicationId: string, correlationId?: string): Promise<void> {
    await withDeadline(this.submissions.enqueue(applicationId, correlationId), QUEUE_WAIT_MS, 'the submission queue').catch((err: unknown) =>
      this.logger.warn({ err, applicationId }, 'could not enqueue submission; the sweep will'),
    );
  }

  private replay(earlier: ApplicationRow, hash: string): SubmitResult {
    if (earlier.request_hash !== hash) {
      this.received.inc({ result: 'conflict' });
      throw new ConflictError('This Idempotency-Key was already used with a different request body');
    }
    this.received.inc({ result: 'replayed' });
    return { replayed: true, body: acceptedAnswer(earlier) };
  }

  /** A visible application, or 404 (also for other tenants' ids: their existence is not disclosed). */
  private async visible(id: string, caller: Caller): Promise<ApplicationRow> {
    const row = typeof id === 'string' && id.length <= 64 ? await this.store.findById(id) : undefined;
    if (!row || !this.mayAct(caller, row.dealer_id)) throw new NotFoundError(`No application ${id}`);
    return row;
  }

  async get(id: string, caller: Caller): Promise<Record<string, unknown>> {
    return applicationDetail(await this.visible(id, caller), this.sealer);
  }

  async list(query: ListQuery, caller: Caller): Promise<{ items: Record<string, unknown>[]; nextCursor: string | null }> {
    let dealerIds = caller.dealerScope;
    if (query.dealerId) {
      if (!this.mayAct(caller, query.dealerId)) return { items: [], nextCursor: null };
      dealerIds = [query.dealerId];
    }
    const rows = await this.store.list({ ...query, dealerIds, limit: query.limit + 1 });
    return page(rows, query.limit, applicationSummary, (r) => [r.sort_at, r.id]);
  }

  /** An operator's decision on an application in `needs_review` / `submission_failed` (see resolveReview). */
  async resolveReview(id: string, body: unknown, caller: Caller): Promise<Record<string, unknown>> {
    const decision = parseReviewResolution(body);
    const result = await resolveReview(this.knex, this.schema, { applicationId: id, actor: caller.actor, visible: (dealerId) => this.mayAct(caller, dealerId), decision });
    this.logger.info({ applicationId: id, actor: caller.actor, resolution: decision.resolution }, 'review resolved');
    if (result.enqueue) await this.enqueueOrLeaveToSweep(id, caller.correlationId);
    return { id, status: result.status };
  }

  /** The dealer sent the adverse-action notice of a declined application (see recordAdverseActionSent). */
  async adverseActionSent(id: string, caller: Caller): Promise<Record<string, unknown>> {
    if (typeof id !== 'string' || id.length > 64) throw new NotFoundError(`No application ${id}`);
    return recordAdverseActionSent(this.knex, this.schema, { applicationId: id, actor: caller.actor, visible: (dealerId) => this.mayAct(caller, dealerId), now: this.clock.now() });
  }

  /** Everything that happened to an application, oldest first: transitions, submission attempts, callbacks, deliveries. */
  async timeline(id: string, caller: Caller): Promise<Record<string, unknown>> {
    const row = await this.visible(id, caller);
    return { id: row.id, status: row.status, entries: await applicationTimeline(this.knex, this.schema, row.id) };
  }
}
