import type { Knex } from 'knex';
import { scrubSsnLike } from '../security/scrubSsnLike.js';
import type { Logger } from 'pino';
import type { Clock } from '../container/Clock.js';
import { NotFoundError } from '../http/errors/index.js';
import { appendEvent } from '../outbox/appendEvent.js';
import type { CallbackEvent, ParsedCallback, StoredCallback } from '../sdk/LenderCallbacks.js';
import { applyLink } from './applyLink.js';
import { applyNotice } from './applyNotice.js';
import { applyUpdate } from './applyUpdate.js';
import type { CallbackMetrics } from './CallbackMetrics.js';
import { checkParsed } from './checkParsed.js';
import { describeProcessingError } from './describeProcessingError.js';
import { findApplication } from './findApplication.js';
import type { EventResult } from './EventResult.js';
import type { LenderDirectory } from './LenderDirectory.js';
import type { RawCallbackStore } from './RawCallbackStore.js';
import type { ProcessStatus, RawCallbackRow } from './rows.js';

/** The recorded outcome of processing one stored callback. */
export interface ProcessOutcome {
  id: string;
  lenderId: string;
  parseStatus: ParsedCallback['parseStatus'] | null;
  parseReason: string | null;
  processStatus: ProcessStatus;
  processDetail: string | null;
  applicationId: string | null;
  processCount: number;
}

export interface CallbackProcessorDeps {
  knex: Knex;
  schema: string;
  store: RawCallbackStore;
  lenders: LenderDirectory;
  metrics: CallbackMetrics;
  logger: Logger;
  clock: Clock;
}

function summarize(parsed: ParsedCallback, results: EventResult[]): { status: ProcessStatus; detail: string } {
  const detail = results.map((r) => r.detail).join('; ');
  if (parsed.parseStatus === 'unparseable') return { status: 'review', detail: parsed.reason ?? 'unparseable' };
  if (results.some((r) => r.result === 'applied')) return { status: 'applied', detail };
  if (results.some((r) => r.result === 'orphaned')) return { status: 'orphaned', detail };
  if (results.some((r) => r.result === 'unchanged')) return { status: 'unchanged', detail };
  if (parsed.parseStatus === 'partial') return { status: 'review', detail: detail || `partial: ${parsed.reason ?? 'nothing could be applied'}` };
  return { status: 'ignored', detail: detail || 'nothing to apply' };
}

function outcomeOf(row: RawCallbackRow): ProcessOutcome {
  return {
    id: String(row.id),
    lenderId: row.lender_id,
    parseStatus: row.parse_status as ProcessOutcome['parseStatus'],
    parseReason: row.parse_reason,
    processStatus: row.process_status as ProcessStatus,
    processDetail: row.process_detail,
    applicationId: row.application_id,
    processCount: row.process_count,
  };
}

/**
 * Parses a stored callback with its lender's adapter and applies the result:
 * one transaction per callback (the raw row is locked, so the queue worker and
 * an operator's re-process never apply the same callback concurrently), then
 * the orphans a stage-1 link releases, oldest first.
 */
export class CallbackProcessor {
  constructor(private readonly deps: CallbackProcessorDeps) {}

  async process(id: string, recheckOrphan = true): Promise<ProcessOutcome> {
    const { knex, schema, store } = this.deps;
    const first = await store.load(id);
    if (!first) throw new NotFoundError(`No stored callback ${id}`);
    if (first.process_status === 'rejected') return outcomeOf(first);
    const parsed = this.parse(first);
    this.deps.metrics.parsed(first.lender_id, parsed.parseStatus);

    const linked: string[] = [];
    const row = await knex.transaction(async (trx) => {
      const raw = (await store.load(id, trx, true)) as RawCallbackRow;
      const results: EventResult[] = [];
      for (const event of parsed.events) {
        const result = await this.apply(trx, raw, event);
        results.push(result);
        if (result.linkedAppNo) linked.push(result.linkedAppNo);
      }
      if (parsed.parseStatus === 'unparseable' && raw.parse_status !== 'unparseable') {
        await appendEvent(trx, schema, {
          type: 'callback.unparseable',
          data: { rawCallbackId: Number(raw.id), lenderId: raw.lender_id, receivedAt: raw.received_at.toISOString(), reason: scrubSsnLike(parsed.reason) },
        });
      }
      const { status, detail } = summarize(parsed, results);
      const withApp = results.find((r) => r.applicationId);
      // Even when nothing could be applied (truncated body, review), tie the callback to its application for the timeline.
      const subjectApp = !withApp && parsed.subject ? await findApplication(trx, schema, raw.lender_id, parsed.subject) : undefined;
      const columns = {
        parse_status: parsed.parseStatus,
        parse_reason: parsed.reason,
        process_status: status,
        process_detail: detail.slice(0, 2000),
        application_id: withApp?.applicationId ?? subjectApp?.id ?? raw.application_id,
        lender_app_no: parsed.subject?.lenderAppNo ?? results.find((r) => r.lenderAppNo)?.lenderAppNo ?? raw.lender_app_no,
        lender_app_id: parsed.subject?.lenderAppId ?? results.find((r) => r.lenderAppId)?.lenderAppId ?? raw.lender_app_id,
        process_count: raw.process_count + 1,
        processed_at: this.deps.clock.now(),
      };
      await store.update(id, columns, trx);
      return { ...raw, ...columns } as RawCallbackRow;
    });

    if (first.process_count === 0) {
      this.deps.metrics.processedAfter(first.lender_id, (this.deps.clock.now().getTime() - first.received_at.getTime()) / 1000);
    }
    for (const appNo of linked) {
      for (const orphanId of await store.orphanIds(row.lender_id, appNo)) {
        if (orphanId !== id) await this.process(orphanId);
      }
    }
    // The link may have committed while this callback was being parked; if so, apply it now
    // (otherwise the link's own orphan drain, which runs after its commit, picks it up).
    if (recheckOrphan && row.process_status === 'orphaned' && (await this.linkArrived(row))) return this.process(id, false);
    return outcomeOf(row);
  }

  private async linkArrived(row: RawCallbackRow): Promise<boolean> {
    const { knex, schema } = this.deps;
    if (!row.lender_app_no && !row.lender_app_id) return false;
    const q = knex.withSchema(schema).table('applications').where({ lender_id: row.lender_id });
    q.andWhere((w) => {
      if (row.lender_app_no) w.orWhere({ lender_app_no: row.lender_app_no });
      if (row.lender_app_id) w.orWhere({ lender_app_id: row.lender_app_id });
    });
    return !!(await q.first('id'));
  }

  /**
   * Parks a callback whose processing kept failing (every retry used, or an error retrying
   * cannot fix) as `failed`: it is in the review queue with the error, counted by
   * `lendwire_callbacks_failed_total` and alerted on; the sweeper leaves it alone then.
   */
  async markFailed(id: string, err: unknown, tries: number): Promise<void> {
    const row = await this.deps.store.load(id);
    if (!row || row.process_status !== 'pending') return;
    const detail = `processing failed after ${tries} ${tries === 1 ? 'try' : 'tries'}: ${describeProcessingError(err)}`;
    await this.deps.store.update(id, { process_status: 'failed', process_detail: detail, processed_at: this.deps.clock.now() });
    this.deps.metrics.failed(row.lender_id);
    this.deps.logger.error({ rawCallbackId: id, lenderId: row.lender_id, detail }, 'callback processing failed; parked in the review queue');
  }

  private apply(trx: Knex.Transaction, raw: RawCallbackRow, event: CallbackEvent): Promise<EventResult> {
    const { schema } = this.deps;
    switch (event.kind) {
      case 'link':
        return applyLink(trx, schema, raw, event);
      case 'update':
        return applyUpdate(trx, schema, raw, event);
      case 'notice':
        return applyNotice(trx, schema, raw, event);
    }
  }

  private parse(raw: RawCallbackRow): ParsedCallback {
    const entry = this.deps.lenders.find(raw.lender_id, true);
    if (!entry) return { parseStatus: 'unparseable', reason: `lender ${raw.lender_id} is no longer configured with a callback adapter`, events: [] };
    const stored: StoredCallback = {
      id: String(raw.id),
      lenderId: raw.lender_id,
      body: raw.body,
      contentType: raw.content_type,
      headers: raw.headers ?? {},
      receivedAt: raw.received_at,
    };
    try {
      return checkParsed(entry.callbacks.parse(stored, entry.lender, entry.ctx));
    } catch (err) {
      this.deps.logger.warn({ err, rawCallbackId: raw.id, lenderId: raw.lender_id }, 'callback parser threw');
      return { parseStatus: 'unparseable', reason: `parser failed: ${err instanceof Error ? err.message : String(err)}`.slice(0, 500), events: [] };
    }
  }
}
