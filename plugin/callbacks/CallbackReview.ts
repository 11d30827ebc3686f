import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import { TOKENS } from '../kernel/tokens.js';
import type { LendwireConfig } from '../kernel/LendwireConfig.js';
import { scrubSsnLike } from '../security/scrubSsnLike.js';
import { InputError, NotFoundError } from '../errors/index.js';
import { recordAudit } from '../audit/recordAudit.js';
import type { ParseStatus } from '../sdk/LenderCallbacks.js';
import type { CallbackProcessor } from './CallbackProcessor.js';
import type { ProcessOutcome } from './processOutcome.js';
import type { RawCallbackStore } from './RawCallbackStore.js';
import type { CallbackQueue } from './CallbackQueue.js';
import type { RawCallbackRow } from './rows.js';
import { CALLBACKS_TOKENS } from './tokens.js';

export interface ReviewQuery {
  lenderId?: string;
  /** Default: the review queue (unparseable, or processing kept failing). */
  parseStatus?: ParseStatus[];
  /** Received at or after. */
  since?: Date;
  /** Keyset paging: only callbacks with a smaller id (newest first). */
  beforeId?: string;
  /** Default 50, at most 500. */
  limit?: number;
}

/** A stored callback as the review screen shows it. */
export interface StoredCallbackSummary extends ProcessOutcome {
  receivedAt: string;
  contentType: string | null;
  sourceIp: string | null;
  lenderAppNo: string | null;
  processedAt: string | null;
  bodyBytes: number;
  /** The first KiB of the body as text (invalid UTF-8 shown as U+FFFD, SSN-shaped numbers masked), for a human to recognise it. */
  bodyPreview: string;
}

export interface ReprocessOptions {
  /** Who asked (written to the audit log); default "system". */
  actor?: string;
}

/** Review and replay of stored callbacks: `lendwire.callbacks` (the admin screens build on it). */
export interface CallbackReviewApi {
  /** Callbacks needing a human (by default unparseable ones and those whose processing kept failing), newest first. */
  list(query?: ReviewQuery): Promise<StoredCallbackSummary[]>;
  get(id: string): Promise<StoredCallbackSummary>;
  /** Parses and applies one stored callback again (e.g. after a parser fix); idempotent, outcome recorded. */
  reprocess(id: string, options?: ReprocessOptions): Promise<ProcessOutcome>;
  /** Re-processes every stored callback of a lender received since `since`, oldest first. */
  reprocessSince(lenderId: string, since: Date, options?: ReprocessOptions): Promise<ProcessOutcome[]>;
  /**
   * Queues again every callback that is stored but not processed (its job was lost, e.g. Redis
   * was flushed) and every orphan whose link has arrived; returns how many. The worker's sweep
   * does this periodically; this is the operator's "now".
   */
  requeueUnfinished(): Promise<number>;
}

function summary(row: RawCallbackRow): StoredCallbackSummary {
  return {
    id: String(row.id),
    lenderId: row.lender_id,
    receivedAt: row.received_at.toISOString(),
    contentType: row.content_type,
    sourceIp: row.source_ip,
    parseStatus: row.parse_status as ParseStatus | null,
    parseReason: scrubSsnLike(row.parse_reason),
    processStatus: row.process_status as ProcessOutcome['processStatus'],
    processDetail: scrubSsnLike(row.process_detail),
    applicationId: row.application_id,
    lenderAppNo: row.lender_app_no,
    processCount: row.process_count,
    processedAt: row.processed_at ? row.processed_at.toISOString() : null,
    bodyBytes: row.body.length,
    // The stored bytes stay exactly as received; what a reviewer reads has SSN-shaped numbers masked.
    bodyPreview: scrubSsnLike(row.body.subarray(0, 1024).toString('utf8')),
  };
}

const MAX_REPROCESS = 10_000;

/** `lendwire.callbacks`: the review listing and re-processing over the stored callbacks. */
@injectable()
export class CallbackReview implements CallbackReviewApi {
  private readonly schema: string;

  constructor(
    @inject(TOKENS.Knex) private readonly knex: Knex,
    @inject(TOKENS.Config) config: Pick<LendwireConfig, 'schema'>,
    @inject(CALLBACKS_TOKENS.CallbackStore) private readonly store: RawCallbackStore,
    @inject(CALLBACKS_TOKENS.CallbackProcessor) private readonly processor: CallbackProcessor,
    @inject(CALLBACKS_TOKENS.CallbackQueue) private readonly queue: CallbackQueue,
  ) {
    this.schema = config.schema;
  }

  async requeueUnfinished(): Promise<number> {
    // Re-adding a callback whose job is still queued is a no-op (the job id is the callback's).
    const ids = await this.store.unfinishedIds(new Date(), 10_000);
    await this.queue.enqueueMany(ids);
    return ids.length;
  }

  async list(query: ReviewQuery = {}): Promise<StoredCallbackSummary[]> {
    const limit = Math.min(Math.max(1, Math.floor(query.limit ?? 50)), 500);
    const q = this.knex
      .withSchema(this.schema)
      .table('raw_callbacks')
      .orderBy('id', 'desc')
      .limit(limit);
    if (query.parseStatus?.length) q.whereIn('parse_status', query.parseStatus);
    else q.where((w) => w.where('parse_status', 'unparseable').orWhere('process_status', 'failed'));
    if (query.lenderId) q.where({ lender_id: query.lenderId });
    if (query.since) q.where('received_at', '>=', query.since);
    if (query.beforeId !== undefined) {
      if (!/^\d{1,18}$/.test(query.beforeId)) throw new InputError('beforeId must be a callback id', [{ path: '/beforeId', message: 'must be digits' }]);
      q.where('id', '<', query.beforeId);
    }
    return ((await q) as RawCallbackRow[]).map(summary);
  }

  async get(id: string): Promise<StoredCallbackSummary> {
    const row = await this.store.load(id);
    if (!row) throw new NotFoundError(`No stored callback ${id}`);
    return summary(row);
  }

  async reprocess(id: string, options: ReprocessOptions = {}): Promise<ProcessOutcome> {
    const before = await this.store.load(id);
    if (!before) throw new NotFoundError(`No stored callback ${id}`);
    const after = await this.processor.process(id);
    await recordAudit(this.knex, this.schema, {
      actor: options.actor ?? 'system',
      action: 'callback.reprocess',
      targetType: 'raw_callback',
      targetId: id,
      details: {
        before: { parseStatus: before.parse_status, processStatus: before.process_status },
        after: { parseStatus: after.parseStatus, processStatus: after.processStatus, detail: after.processDetail },
      },
    });
    return after;
  }

  async reprocessSince(lenderId: string, since: Date, options: ReprocessOptions = {}): Promise<ProcessOutcome[]> {
    if (!(since instanceof Date) || Number.isNaN(since.getTime())) throw new InputError('since must be a valid date', [{ path: '/since', message: 'must be a date' }]);
    const rows = await this.knex
      .withSchema(this.schema)
      .table('raw_callbacks')
      .where({ lender_id: lenderId })
      .andWhere('received_at', '>=', since)
      .andWhereNot({ process_status: 'rejected' })
      .orderBy('id')
      .limit(MAX_REPROCESS)
      .select('id');
    const outcomes: ProcessOutcome[] = [];
    for (const { id } of rows as { id: string }[]) outcomes.push(await this.reprocess(String(id), options));
    return outcomes;
  }
}
