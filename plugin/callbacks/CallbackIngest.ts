import type { Request } from 'express';
import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import { TOKENS } from '../kernel/tokens.js';
import type { LendwireConfig } from '../kernel/LendwireConfig.js';
import type { Clock } from '../kernel/Clock.js';
import { InputError, isDataError, NotAllowedError, NotFoundError, PayloadTooLargeError, UnavailableError } from '../errors/index.js';
import { captureRawBody, rawBodyOf } from '../http/rawBody.js';
import { correlationId, requestLogger } from '../http/requestContext.js';
import type { CallbackAuthentication, InboundCallbackRequest } from '../sdk/LenderCallbacks.js';
import type { CallbackMetrics } from './CallbackMetrics.js';
import type { CallbackQueue } from './CallbackQueue.js';
import type { LocalCallbacks } from './LocalCallbacks.js';
import { findApplication } from './findApplication.js';
import { orderingKeyOf } from './orderingKey.js';
import type { CallbackLender, LenderRegistry } from '../lenders/LenderRegistry.js';
import type { RawCallbackStore } from './RawCallbackStore.js';
import { redactHeaders } from './redactHeaders.js';
import { refusalError } from './refusalError.js';
import { unstorableReferences } from './unstorableReferences.js';
import { QUEUE_WAIT_MS, withDeadline } from '../kernel/withDeadline.js';
import { CALLBACKS_TOKENS } from './tokens.js';

export interface IngestAnswer {
  received: true;
  id: string;
  duplicate?: true;
}

interface CallbackIngestDeps {
  knex: Knex;
  schema: string;
  store: RawCallbackStore;
  queue: CallbackQueue;
  local: LocalCallbacks;
  lenders: LenderRegistry;
  metrics: CallbackMetrics;
  clock: Clock;
}

const SAFE_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** The request's headers for the adapter: lower-case names (Node's already are), repeated ones joined. */
function flatHeaders(headers: Request['headers']): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const name in headers) {
    const value = headers[name];
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * `POST /callbacks/:lenderId`: lender known -> size -> adapter authentication ->
 * raw request stored -> 200, processed by this process (LocalCallbacks) or a queue job. Parsing never happens here:
 * an unparseable body is still stored and acknowledged (no retry storms), and
 * a failed insert is a 503 so the vendor retries.
 */
@injectable()
export class CallbackIngest {
  private readonly deps: CallbackIngestDeps;

  constructor(
    @inject(TOKENS.Knex) knex: Knex,
    @inject(TOKENS.Config) config: Pick<LendwireConfig, 'schema'>,
    @inject(CALLBACKS_TOKENS.CallbackStore) store: RawCallbackStore,
    @inject(CALLBACKS_TOKENS.CallbackQueue) queue: CallbackQueue,
    @inject(CALLBACKS_TOKENS.LocalCallbacks) local: LocalCallbacks,
    @inject(TOKENS.Lenders) lenders: LenderRegistry,
    @inject(CALLBACKS_TOKENS.CallbackMetrics) metrics: CallbackMetrics,
    @inject(TOKENS.Clock) clock: Clock,
  ) {
    this.deps = { knex, schema: config.schema, store, queue, local, lenders, metrics, clock };
  }

  async handle(req: Request, lenderIdParam: string): Promise<IngestAnswer> {
    const { metrics, lenders, clock } = this.deps;
    const log = requestLogger(req);
    const entry = lenders.forCallbacks(lenderIdParam);
    if (!entry) {
      metrics.received(lenders.isConfigured(lenderIdParam) ? lenderIdParam : 'unknown', 'unknown_lender');
      log.warn(
        { security: 'callback.unknown_lender', lenderId: SAFE_ID.test(lenderIdParam) ? lenderIdParam : '(invalid id)', sourceIp: req.socket.remoteAddress },
        'callback refused: unknown or disabled lender',
      );
      throw new NotAllowedError('Unknown or disabled lender');
    }
    const lenderId = entry.lender.id;
    const limit = lenders.callbackMaxBytes(entry.lender);
    let body: Buffer;
    try {
      await captureRawBody(req, limit);
      body = rawBodyOf(req, limit);
    } catch (err) {
      if (err instanceof PayloadTooLargeError) metrics.received(lenderId, 'too_large');
      throw err;
    }
    const request: InboundCallbackRequest = {
      body,
      headers: flatHeaders(req.headers),
      contentType: req.headers['content-type'] ?? null,
      receivedAt: clock.now(),
      sourceIp: req.socket.remoteAddress ?? null,
    };
    const auth = await this.authenticate(entry, request);
    if (!auth.ok) {
      metrics.received(lenderId, 'unauthorized');
      log.warn({ security: 'callback.refused', lenderId, status: auth.status, reason: auth.reason, sourceIp: request.sourceIp }, 'callback refused by adapter authentication');
      throw refusalError(auth.status, auth.reason, auth.problems);
    }
    const unstorable = unstorableReferences(auth);
    if (unstorable.length) {
      metrics.received(lenderId, 'rejected');
      throw new InputError('The callback holds text that cannot be stored', unstorable);
    }
    return this.store(req, entry, request, auth);
  }

  private async authenticate(entry: CallbackLender, request: InboundCallbackRequest): Promise<CallbackAuthentication> {
    return entry.callbacks.authenticate(request, entry.lender, entry.ctx);
  }

  /** Which application the callback is about, as the adapter sees it at a glance; an adapter's mistake only costs the ordering. */
  private orderingKey(entry: CallbackLender, request: InboundCallbackRequest, auth: CallbackAuthentication & { ok: true }): string | null {
    try {
      return orderingKeyOf(entry.callbacks.subjectOf?.(request, entry.lender, entry.ctx) ?? auth.requireApplication);
    } catch {
      return null;
    }
  }

  private async store(req: Request, entry: CallbackLender, request: InboundCallbackRequest, auth: CallbackAuthentication & { ok: true }): Promise<IngestAnswer> {
    const { metrics, store, queue, local, knex, schema } = this.deps;
    const lenderId = entry.lender.id;
    const log = requestLogger(req);
    const storageFailure = (err: unknown) => {
      // Data the database refuses is permanent: a 4xx, or the sender would retry it forever.
      if (isDataError(err)) {
        metrics.received(lenderId, 'rejected');
        log.warn({ lenderId, code: (err as { code?: string }).code }, 'callback refused: the database cannot store a value it holds');
        return new InputError('The callback holds a value that cannot be stored');
      }
      metrics.received(lenderId, 'unavailable');
      // The cause stays in the log: the answer must not describe our infrastructure to the caller.
      log.error({ err, lenderId }, 'callback could not be stored; answering 503 so the sender retries');
      return new UnavailableError('Callback storage is unavailable; retry later');
    };
    let rejectedBecause: string | undefined;
    let applicationId: string | null = null;
    if (auth.requireApplication) {
      try {
        const app = await findApplication(knex, schema, lenderId, auth.requireApplication);
        if (app) applicationId = app.id;
        else rejectedBecause = 'no application of this lender matches the callback reference';
      } catch (err) {
        throw storageFailure(err);
      }
    }
    const orderingKey = rejectedBecause ? null : this.orderingKey(entry, request, auth);
    let stored: { id: string; duplicate: boolean };
    try {
      stored = await store.insert({
        lenderId,
        receivedAt: request.receivedAt,
        contentType: request.contentType,
        headers: redactHeaders(request.headers),
        body: request.body,
        sourceIp: request.sourceIp,
        // A rejected delivery keeps no dedupe key: the vendor may legitimately retry it later.
        dedupeKey: rejectedBecause ? null : (auth.dedupeKey ?? null),
        processStatus: rejectedBecause ? 'rejected' : 'pending',
        processDetail: rejectedBecause ?? null,
        applicationId,
        lenderAppId: auth.requireApplication?.lenderAppId ?? null,
        orderingKey,
      });
    } catch (err) {
      throw storageFailure(err);
    }
    if (rejectedBecause) {
      metrics.received(lenderId, 'rejected');
      log.warn({ security: 'callback.unknown_reference', lenderId, rawCallbackId: stored.id, sourceIp: request.sourceIp }, 'callback refused: unknown application reference');
      throw new NotFoundError('The callback refers to an application this lender does not have');
    }
    if (stored.duplicate) {
      metrics.received(lenderId, 'duplicate');
      log.info({ lenderId, rawCallbackId: stored.id }, 'duplicate callback delivery acknowledged without side effects');
      return { received: true, id: stored.id, duplicate: true };
    }
    // Processed here when this process runs the callback workers and has room; queued otherwise.
    const correlation = correlationId(req);
    if (!local.offer({ rawCallbackId: stored.id, correlationId: correlation, lenderId, orderingKey })) {
      // The callback is stored: the sweep will queue it once Redis is back.
      const notQueued = (err: unknown) => log.warn({ err, lenderId, rawCallbackId: stored.id }, 'callback stored but not queued; the sweep will pick it up');
      // The job goes to Redis behind the answer; a slow Redis holds the vendor's request only
      // when many jobs wait already, and at most QUEUE_WAIT_MS.
      const queued = queue.enqueueBehind(stored.id, correlation, { lenderId, orderingKey }, notQueued);
      if (queued) await withDeadline(queued, QUEUE_WAIT_MS, 'the callback queue').catch(notQueued);
    }
    metrics.received(lenderId, 'accepted');
    return { received: true, id: stored.id };
  }
}
