import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { TOKENS } from '../kernel/tokens.js';
import type { LendwireConfig } from '../kernel/LendwireConfig.js';
import type { Manifest, LenderConfig } from '../manifest/Manifest.js';
import type { SecretResolver } from '../manifest/SecretResolver.js';
import type { LenderAdapter } from '../sdk/LenderAdapter.js';
import type { LenderRegistry } from '../lenders/LenderRegistry.js';
import type { LenderHttpResult, SubmissionContext } from '../sdk/LenderSubmission.js';
import type { Sealer } from '../security/Sealer.js';
import type { Metrics } from '../observability/Metrics.js';
import { storableLink, storableLookup, storableOutcome } from './storableVendorAnswer.js';
import { ApplicationStore } from '../applications/ApplicationStore.js';
import type { ApplicationRow } from '../applications/ApplicationRow.js';
import { recordTransition } from '../applications/recordTransition.js';
import { mergePii, type ApplicationPii } from '../applications/splitPii.js';
import { saveCustomerLink } from '../applications/saveCustomerLink.js';
import { appendEvent } from '../events/appendEvent.js';
import type { JourneyLookupOutcome, JourneyOutcome } from '../sdk/LenderJourneys.js';
import type { CustomerJourney, CustomerLink } from '../sdk/CustomerJourney.js';
import { SubmissionStore } from './SubmissionStore.js';
import { createLenderDispatcher, createLenderHttp } from './createLenderHttp.js';
import { DispatcherPool } from '../outbound/DispatcherPool.js';
import { responseExcerpt } from '../outbound/responseExcerpt.js';
import type { SubmissionTuning } from './SubmissionTuning.js';
import { SUBMISSIONS_TOKENS } from './tokens.js';
import { tracedTransaction } from '../observability/tracing/index.js';

/** What the queue should do with the job afterwards. */
export type ProcessResult = { next: 'done' } | { next: 'retry'; reason: string; waitMs?: number } | { next: 'wait'; ms: number };

type Claim =
  | { kind: 'skip'; why: string }
  | { kind: 'wait'; ms: number }
  | { kind: 'send'; app: ApplicationRow; submissionId: number; attempt: number }
  | { kind: 'reconcile'; app: ApplicationRow; submissionId: number; why: string };

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Submits one application to its lender, at most once.
 *
 * 1. In one transaction (application row locked): write a `sending` submission row.
 *    It is committed before any byte leaves, so whoever finds it later knows a
 *    request may have reached the vendor and will never send again.
 * 2. Call the adapter (timeout, API key, mTLS from the manifest).
 * 3. In one transaction: close the row and move the application (with its outbox event).
 * An unknown outcome is reconciled through the adapter's `lookup`, else `needs_review`.
 */
@injectable()
export class SubmissionProcessor {
  private readonly schema: string;
  private readonly apps: ApplicationStore;
  private readonly submissions: SubmissionStore;
  /** One kit dispatcher per lender (its mTLS material), built on first use, closed by close(). */
  private readonly dispatchers = new DispatcherPool('lender-http');
  private readonly outcomes;
  private readonly durations;

  constructor(
    @inject(TOKENS.Knex) private readonly knex: Knex,
    @inject(TOKENS.Config) config: LendwireConfig,
    @inject(TOKENS.Manifest) private readonly manifest: Manifest,
    @inject(TOKENS.Secrets) private readonly secrets: SecretResolver,
    @inject(TOKENS.Lenders) private readonly lenders: LenderRegistry,
    @inject(TOKENS.Sealer) private readonly sealer: Sealer,
    @inject(TOKENS.Metrics) metrics: Metrics,
    @inject(SUBMISSIONS_TOKENS.SubmissionTuning) private readonly tuning: SubmissionTuning,
  ) {
    this.schema = config.schema;
    this.apps = new ApplicationStore(knex, config.schema);
    this.submissions = new SubmissionStore(config.schema);
    this.outcomes = metrics.counter({ name: 'lendwire_submissions_total', help: 'Submission attempts by lender and outcome', labelNames: ['lender', 'outcome'] });
    this.durations = metrics.histogram({ name: 'lendwire_submission_duration_seconds', help: 'Lender submission call duration', labelNames: ['lender'] });
  }

  private lender(id: string): LenderConfig | undefined {
    return this.lenders.config(id);
  }

  private timeoutOf(lender: LenderConfig | undefined): number {
    return lender?.submission?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  private context(lender: LenderConfig, logger: Logger): SubmissionContext {
    const http = createLenderHttp(() => this.dispatchers.get(lender.id, () => createLenderDispatcher(lender, this.secrets, this.timeoutOf(lender))), this.timeoutOf(lender));
    const exchanges: LenderHttpResult[] = [];
    const ctx: SubmissionContext & { exchanges: LenderHttpResult[] } = {
      logger,
      secret: (ref) => this.secrets.reveal(ref),
      timeoutMs: this.timeoutOf(lender),
      exchanges,
      http: {
        send: async (req) => {
          const result = await http.send(req);
          exchanges.push(result);
          return result;
        },
      },
    };
    return ctx;
  }

  /** Closes the lenders' dispatchers (calls in flight finish; a later call builds a fresh one). */
  close(): Promise<void> {
    return this.dispatchers.stop();
  }

  async process(applicationId: string, attemptsMade: number, logger: Logger): Promise<ProcessResult> {
    const claim = await this.claim(applicationId);
    if (claim.kind === 'skip') {
      logger.debug({ applicationId, why: claim.why }, 'nothing to submit');
      return { next: 'done' };
    }
    if (claim.kind === 'wait') return { next: 'wait', ms: claim.ms };
    const lender = this.lender(claim.app.lender_id);
    if (claim.kind === 'reconcile') {
      logger.warn({ applicationId, why: claim.why }, 'submission outcome unknown; reconciling without resending');
      await this.reconcile(claim.app, claim.submissionId, claim.why, lender, logger);
      return { next: 'done' };
    }
    return this.send(claim.app, claim.submissionId, claim.attempt, attemptsMade, lender, logger);
  }

  private async claim(applicationId: string): Promise<Claim> {
    return tracedTransaction(this.knex, 'submission.claim', async (trx) => {
      const app = await this.apps.findForUpdate(trx, applicationId);
      if (!app) return { kind: 'skip', why: 'no such application' };
      if (app.status !== 'queued' && app.status !== 'submitting') return { kind: 'skip', why: `status is ${app.status}` };
      // Postgres' clock gives the age, the one that stamped started_at: process clocks may disagree.
      const { last, attempts, lastAgeMs } = await this.submissions.history(trx, applicationId);
      if (last?.state === 'sending') {
        const remaining = this.timeoutOf(this.lender(app.lender_id)) + this.tuning.orphanGraceMs - lastAgeMs;
        if (remaining > 0) return { kind: 'wait', ms: remaining };
        const why = 'the worker sending it stopped before recording the answer (crash or restart)';
        await this.submissions.finish(trx, last.id, { state: 'unknown', errorCode: 'E_WORKER_LOST', errorMessage: why });
        return { kind: 'reconcile', app, submissionId: last.id, why };
      }
      // Unknown outcome recorded, but the worker stopped before reconciling it: reconcile now, never resend.
      if (last?.state === 'unknown' && app.status === 'submitting') {
        return { kind: 'reconcile', app, submissionId: last.id, why: `${last.error_code ?? 'unknown'}: ${last.error_message ?? 'outcome unknown'}` };
      }
      // `queued` with an earlier finished attempt only happens when an operator decided to resubmit.
      if (last && last.state !== 'not_sent' && (app.status !== 'queued' || last.state === 'accepted')) {
        return { kind: 'skip', why: `last submission is ${last.state}` };
      }
      const attempt = attempts + 1;
      const submissionId = await this.submissions.startSending(trx, applicationId, app.lender_id, attempt);
      if (app.status === 'queued') {
        await recordTransition(trx, this.schema, { applicationId, dealerId: app.dealer_id, from: 'queued', to: 'submitting', source: 'submission' });
      }
      return { kind: 'send', app, submissionId, attempt };
    });
  }

  private async send(app: ApplicationRow, submissionId: number, attempt: number, attemptsMade: number, lender: LenderConfig | undefined, logger: Logger): Promise<ProcessResult> {
    const adapter = lender && this.lenders.adapterOf(lender);
    let outcome: JourneyOutcome;
    let exchanges: LenderHttpResult[] = [];
    const journey = app.kind === 'customer_journey';
    if (!lender || !adapter || !(journey ? adapter.journeys : adapter.submission)) {
      outcome = { outcome: 'rejected', code: 'E_CONFIG', reason: `lender "${app.lender_id}" is not configured for submissions` };
    } else if (lender.submission?.url?.startsWith('http:') && !this.manifest.security.allowInsecureHttp) {
      // PII never travels in clear text unless the manifest allows it (development).
      outcome = { outcome: 'rejected', code: 'E_INSECURE', reason: `lender "${lender.id}" has a plain http:// submission URL and security.allowInsecureHttp is false` };
    } else {
      const ctx = this.context(lender, logger.child({ lender: lender.id, adapter: lender.adapter })) as SubmissionContext & { exchanges: LenderHttpResult[] };
      exchanges = ctx.exchanges;
      outcome = storableOutcome(await this.callAdapter(app, attempt, lender, adapter, ctx));
    }
    const last = exchanges.at(-1);
    // Safety net: an adapter may not call "retryable" what the core saw leave without an answer.
    if (outcome.outcome === 'retryable' && last?.kind === 'no_answer') outcome = { outcome: 'unknown', code: last.code, message: last.message };
    if (last) this.durations.observe({ lender: app.lender_id }, last.durationMs / 1000);
    this.outcomes.inc({ lender: app.lender_id, outcome: outcome.outcome });
    logger.info({ applicationId: app.id, lender: app.lender_id, attempt, outcome: outcome.outcome, code: 'code' in outcome ? outcome.code : undefined }, 'submission attempt finished');
    return this.record(app, submissionId, attemptsMade, outcome, last, lender, logger);
  }

  /** Opens the PII and lets the adapter send (a credit application, or a journey to open); never throws. */
  private async callAdapter(app: ApplicationRow, attempt: number, lender: LenderConfig, adapter: LenderAdapter, ctx: SubmissionContext & { exchanges: LenderHttpResult[] }): Promise<JourneyOutcome> {
    let pii: ApplicationPii;
    try {
      pii = JSON.parse(this.sealer.openString(app.pii!)) as ApplicationPii;
    } catch (err) {
      return { outcome: 'rejected', code: 'E_PII_KEY', reason: `the application's personal data cannot be decrypted: ${err instanceof Error ? err.message : String(err)}`.slice(0, 500) };
    }
    try {
      const base = { applicationId: app.id, dealerId: app.dealer_id, lenderId: app.lender_id, externalRef: app.external_ref, attempt };
      if (app.kind === 'customer_journey') return await adapter.journeys!.open({ ...base, journey: app.application as unknown as CustomerJourney }, lender, ctx);
      return await adapter.submission!.submit({ ...base, application: mergePii(app.application, pii) }, lender, ctx);
    } catch (err) {
      // An adapter bug: if nothing went out it is a permanent failure; if something did, the outcome is unknown.
      const message = `the adapter failed: ${err instanceof Error ? err.message : String(err)}`.slice(0, 500);
      return ctx.exchanges.length ? { outcome: 'unknown', code: 'E_ADAPTER', message } : { outcome: 'rejected', code: 'E_ADAPTER', reason: message };
    }
  }

  private async record(app: ApplicationRow, submissionId: number, attemptsMade: number, outcome: JourneyOutcome, last: LenderHttpResult | undefined, lender: LenderConfig | undefined, logger: Logger): Promise<ProcessResult> {
    const base = { httpStatus: last?.kind === 'response' ? last.status : null, vendorResponse: responseExcerpt(last), durationMs: last?.durationMs ?? null };
    const finalAttempt = attemptsMade + 1 >= this.tuning.maxAttempts;
    const t = { applicationId: app.id, dealerId: app.dealer_id, from: 'submitting' as const, source: 'submission' as const };
    const result = await tracedTransaction(this.knex, 'submission.outcome', async (trx): Promise<ProcessResult | 'unknown' | 'stale'> => {
      switch (outcome.outcome) {
        case 'accepted':
          if (!(await this.submissions.finish(trx, submissionId, { ...base, state: 'accepted' }))) return 'stale';
          await recordTransition(trx, this.schema, {
            ...t,
            to: 'submitted',
            lenderStatus: outcome.lenderStatus ?? null,
            columns: { lender_app_id: outcome.lenderAppId },
            eventType: 'application.submitted',
            eventData: { lenderId: app.lender_id, lenderAppId: outcome.lenderAppId, externalRef: app.external_ref },
          });
          if (outcome.customerLink) await this.announceLink(trx, app, outcome.lenderAppId, outcome.customerLink);
          return { next: 'done' };
        case 'rejected':
          if (!(await this.submissions.finish(trx, submissionId, { ...base, state: 'rejected', errorCode: outcome.code, errorMessage: outcome.reason }))) return 'stale';
          await recordTransition(trx, this.schema, {
            ...t,
            to: 'submission_failed',
            reason: outcome.reason,
            eventType: 'application.submission_failed',
            eventData: { lenderId: app.lender_id, code: outcome.code, statusCode: outcome.statusCode ?? null, externalRef: app.external_ref },
          });
          return { next: 'done' };
        case 'retryable':
          if (!(await this.submissions.finish(trx, submissionId, { ...base, state: 'not_sent', errorCode: outcome.code, errorMessage: outcome.message }))) return 'stale';
          if (!finalAttempt) return { next: 'retry', reason: `${outcome.code}: ${outcome.message}`, waitMs: outcome.waitMs };
          await recordTransition(trx, this.schema, {
            ...t,
            to: 'submission_failed',
            reason: `gave up after ${attemptsMade + 1} attempt(s) that never reached the lender; last: ${outcome.code}: ${outcome.message}`,
            eventType: 'application.submission_failed',
            eventData: { lenderId: app.lender_id, code: outcome.code, statusCode: outcome.statusCode ?? null, externalRef: app.external_ref },
          });
          return { next: 'done' };
        case 'unknown':
          if (!(await this.submissions.finish(trx, submissionId, { ...base, state: 'unknown', errorCode: outcome.code, errorMessage: outcome.message }))) return 'stale';
          return 'unknown';
      }
    });
    if (result === 'stale') {
      logger.warn({ applicationId: app.id }, 'submission was already resolved by another worker; keeping its result');
      return { next: 'done' };
    }
    if (result === 'unknown' && outcome.outcome === 'unknown') {
      await this.reconcile(app, submissionId, `${outcome.code}: ${outcome.message}`, lender, logger);
      return { next: 'done' };
    }
    return result as ProcessResult;
  }

  /** `customer_link.ready` for a journey the broker opened: the same event its webhook gives, and the link kept for reminders. */
  private async announceLink(trx: Knex.Transaction, app: ApplicationRow, sessionId: string, link: NonNullable<Extract<JourneyOutcome, { outcome: 'accepted' }>['customerLink']>): Promise<void> {
    await saveCustomerLink(trx, this.schema, app.id, link);
    await appendEvent(trx, this.schema, {
      type: 'customer_link.ready',
      applicationId: app.id,
      dealerId: app.dealer_id,
      data: { sessionId, url: link.url, sms: link.sms, applicationId: app.id, dealerId: app.dealer_id, lenderId: app.lender_id },
    });
  }

  /** Unknown outcome: ask the lender through `lookup` if the adapter has one; otherwise an operator decides. Never resend. */
  private async reconcile(app: ApplicationRow, submissionId: number, why: string, lender: LenderConfig | undefined, logger: Logger): Promise<void> {
    const adapter = lender && this.lenders.adapterOf(lender);
    let lookup: JourneyLookupOutcome = { result: 'unknown', reason: 'the adapter has no lookup' };
    const request = { applicationId: app.id, dealerId: app.dealer_id, lenderId: app.lender_id, externalRef: app.external_ref };
    const journeys = app.kind === 'customer_journey' ? adapter?.journeys : undefined;
    const lookupOf = journeys ? journeys.lookup : adapter?.submission?.lookup;
    if (lender && lookupOf) {
      try {
        const ctx = this.context(lender, logger);
        const answer: JourneyLookupOutcome = journeys
          ? await journeys.lookup!({ ...request, journey: app.application as unknown as CustomerJourney }, lender, ctx)
          : await adapter!.submission!.lookup!(request, lender, ctx);
        const link: CustomerLink | undefined = answer.result === 'found' ? answer.customerLink : undefined;
        lookup = storableLookup(answer);
        if (lookup.result === 'found' && link) lookup = { ...lookup, customerLink: storableLink(link) };
      } catch (err) {
        lookup = { result: 'unknown', reason: `lookup failed: ${err instanceof Error ? err.message : String(err)}`.slice(0, 500) };
      }
    }
    await this.submissions.noteLookup(this.knex, submissionId, lookup);
    await tracedTransaction(this.knex, 'submission.lookup', async (trx) => {
      const current = await this.apps.findForUpdate(trx, app.id);
      if (!current || current.status !== 'submitting') return;
      const t = { applicationId: app.id, dealerId: app.dealer_id, from: 'submitting' as const, source: 'submission' as const };
      if (lookup.result === 'found') {
        await recordTransition(trx, this.schema, {
          ...t,
          to: 'submitted',
          lenderStatus: lookup.lenderStatus ?? null,
          reason: `outcome was unknown (${why}); the lender's lookup found it`,
          columns: { lender_app_id: lookup.lenderAppId },
          eventType: 'application.submitted',
          eventData: { lenderId: app.lender_id, lenderAppId: lookup.lenderAppId, externalRef: app.external_ref, reconciled: true },
        });
        if ('customerLink' in lookup && lookup.customerLink) await this.announceLink(trx, app, lookup.lenderAppId, lookup.customerLink);
        return;
      }
      const lookupNote = lookup.result === 'not_found' ? `lookup did not find it (${lookup.reason})` : `lookup: ${lookup.reason}`;
      await recordTransition(trx, this.schema, {
        ...t,
        to: 'needs_review',
        reason: `submission outcome unknown (${why}); ${lookupNote}; not resent automatically`,
        eventData: { lenderId: app.lender_id, externalRef: app.external_ref },
      });
    });
  }
}
