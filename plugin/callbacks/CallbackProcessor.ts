import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import { TOKENS } from '../kernel/tokens.js';
import type { LendwireConfig } from '../kernel/LendwireConfig.js';
import { scrubSsnLike } from '../security/scrubSsnLike.js';
import type { Logger } from 'pino';
import type { Clock } from '../kernel/Clock.js';
import { NotFoundError } from '../errors/index.js';
import { DeferredEvents } from '../events/DeferredEvents.js';
import type { CallbackEvent, ParsedCallback, StoredCallback } from '../sdk/LenderCallbacks.js';
import { applyLink } from './applyLink.js';
import { applyNotice } from './applyNotice.js';
import { applyUpdate } from './applyUpdate.js';
import type { CallbackMetrics } from './CallbackMetrics.js';
import { checkParsed } from './checkParsed.js';
import { describeProcessingError } from './describeProcessingError.js';
import { findApplication } from './findApplication.js';
import type { EventResult } from './EventResult.js';
import type { LenderRegistry } from '../lenders/LenderRegistry.js';
import { compareIds, subjectKey, UNFINISHED_STATUSES, type RawCallbackStore } from './RawCallbackStore.js';
import type { RawCallbackRow } from './rows.js';
import { CALLBACKS_TOKENS } from './tokens.js';
import { tracedTransaction } from '../observability/tracing/index.js';
import { Batcher } from '../kernel/Batcher.js';
import type { CallbackConcurrency } from './CallbackConcurrency.js';
import { TransactionOutcomes } from './TransactionOutcomes.js';
import { KnownApplications } from './KnownApplications.js';
import { outcomeOf, summarize, type ProcessOutcome } from './processOutcome.js';

interface CallbackProcessorDeps {
  knex: Knex;
  schema: string;
  store: RawCallbackStore;
  lenders: LenderRegistry;
  metrics: CallbackMetrics;
  logger: Logger;
  clock: Clock;
}

/** Where a stored callback sits in its application's order; null key: processed on its own. */
export interface CallbackOrdering {
  lenderId: string;
  orderingKey: string | null;
}

/** One drain to run: a stored callback and its place in its application's order. */
interface DrainRequest {
  id: string;
  ordering: CallbackOrdering;
  /** Apply `id` whatever its status (an operator's re-process), not only when unfinished. */
  always: boolean;
}

/** What a drain did: the callback's row as it left it, and every callback it applied. */
interface Drained {
  target: RawCallbackRow | undefined;
  applied: Applied[];
}

/** What one processing transaction knows while its drains run. */
interface Batch {
  /** Its callbacks as it left them, and the outcomes still to write. */
  outcomes: TransactionOutcomes;
  /** The queued drains' unfinished callbacks, by subject (read together, under the locks). */
  unfinished: Map<string, RawCallbackRow[]>;
  /** The applications their status updates are about (read and locked together). */
  applications: KnownApplications;
  /** Each callback parsed once, by raw id. */
  parsed: Map<string, ParsedCallback>;
  /**
   * Its status updates' writes, held and sent together (one statement) before any other statement
   * of the transaction: a read, a link, a notice, a savepoint, the outcomes.
   */
  events: DeferredEvents;
}

/** One callback applied inside a drain: its row as written and the application numbers it linked. */
interface Applied {
  row: RawCallbackRow;
  linked: string[];
  firstTime: boolean;
}

const isUnfinished = (row: RawCallbackRow) => (UNFINISHED_STATUSES as readonly (string | null)[]).includes(row.process_status);

/**
 * Parses stored callbacks with their lender's adapter and applies the results,
 * each application's callbacks strictly in arrival order across processes:
 * under a per-application lock (lender + ordering key), a callback is applied
 * only after every unfinished callback of the same application that arrived
 * before it, in the same transaction, oldest first. Whoever takes the lock
 * applies the queue up to its own callback; the jobs of the earlier ones then
 * find nothing left to do. Several drains per transaction under load, a handful
 * of statements per callback (the rows of a transaction's drains are read once, together,
 * under the locks; their outcomes are written together, before its commit).
 */
@injectable()
export class CallbackProcessor {
  private readonly deps: CallbackProcessorDeps;

  constructor(
    @inject(TOKENS.Knex) knex: Knex,
    @inject(TOKENS.Config) config: Pick<LendwireConfig, 'schema'>,
    @inject(CALLBACKS_TOKENS.CallbackStore) store: RawCallbackStore,
    @inject(TOKENS.Lenders) lenders: LenderRegistry,
    @inject(CALLBACKS_TOKENS.CallbackMetrics) metrics: CallbackMetrics,
    @inject(TOKENS.Logger) logger: Logger,
    @inject(TOKENS.Clock) clock: Clock,
    @inject(CALLBACKS_TOKENS.CallbackConcurrency) concurrency: CallbackConcurrency,
  ) {
    this.deps = { knex, schema: config.schema, store, lenders, metrics, logger: logger.child({ component: 'callback-processor' }), clock };
    this.drains = new Batcher((requests) => this.drainAll(requests), { maxBatch: concurrency.batchSize, maxInFlight: concurrency.transactions });
  }

  /** An operator's (re-)process: applies `id` whatever its status (after its application's earlier unfinished callbacks). */
  async process(id: string): Promise<ProcessOutcome> {
    const ordering = await this.deps.store.orderingOf(id);
    if (!ordering) throw new NotFoundError(`No stored callback ${id}`);
    const row = await this.run({ id, ordering, always: true });
    if (!row) throw new NotFoundError(`No stored callback ${id}`);
    return outcomeOf(row);
  }

  /**
   * A queue job: applies `id` unless it is finished already (e.g. by the drain of a later callback of its application).
   * Jobs of other applications waiting at the same time share its transaction (`drains`).
   */
  async processQueued(id: string, ordering?: CallbackOrdering): Promise<void> {
    const known = ordering ?? (await this.deps.store.orderingOf(id));
    if (known) await this.finish({ id, ordering: known, always: false }, await this.drains.call({ id, ordering: known, always: false }), true);
  }

  /**
   * Queue jobs' drains, several per transaction under load: at most `transactions`
   * at once, the jobs that arrive meanwhile share the next one (one commit for all).
   * A transaction that fails is re-run one job at a time, so a failing callback fails
   * alone and its batch-mates are applied, once.
   */
  private readonly drains: Batcher<DrainRequest, Drained>;

  private async run(request: DrainRequest, recheckOrphan = true): Promise<RawCallbackRow | undefined> {
    const [drained] = await this.drainAll([request]);
    return this.finish(request, drained, recheckOrphan);
  }

  /** After the commit: metrics, the orphans a link released, and a parked callback whose link committed meanwhile. */
  private async finish(request: DrainRequest, { target, applied }: Drained, recheckOrphan: boolean): Promise<RawCallbackRow | undefined> {
    await this.afterCommit(applied);
    // The link may have committed (under another key) while this callback was being parked. Applied
    // only if still unfinished: the link's own transaction may have released and applied it already,
    // and applying it again would record `unchanged` over `applied`.
    if (recheckOrphan && target?.process_status === 'orphaned' && applied.some((a) => a.row === target) && (await this.linkArrived(target))) {
      return (await this.run({ ...request, always: false }, false)) ?? (await this.deps.store.load(request.id));
    }
    return target;
  }

  /**
   * Drains in one transaction: first every application lock they need (one statement,
   * in a fixed order, so two transactions never wait on each other's locks), then the
   * unfinished callbacks of every drain and the applications they update (a statement
   * each), then each drain in turn, then the outcomes of every callback they applied
   * (one statement).
   * All or nothing: a throw rolls every drain back.
   */
  private async drainAll(requests: DrainRequest[]): Promise<Drained[]> {
    return tracedTransaction(this.deps.knex, 'callback.apply', async (trx) => {
      const subjects = requests.flatMap(({ ordering }) => (ordering.orderingKey ? [{ lenderId: ordering.lenderId, orderingKey: ordering.orderingKey }] : []));
      await this.deps.store.lockSubjects(trx, subjects);
      // Every queued drain's rows in one read, under the locks just taken (an operator's re-process reads its own).
      const queued = requests.flatMap(({ id, ordering, always }) => (ordering.orderingKey && !always ? [{ lenderId: ordering.lenderId, orderingKey: ordering.orderingKey, upTo: id }] : []));
      const unfinished = await this.deps.store.unfinishedOfDrains(trx, queued);
      const parsed = new Map<string, ParsedCallback>();
      const numbers: { lenderId: string; lenderAppNo: string }[] = [];
      for (const row of [...unfinished.values()].flat()) {
        const p = this.parse(row);
        parsed.set(String(row.id), p);
        for (const e of p.events) if (e.kind === 'update' && e.ref.lenderAppNo) numbers.push({ lenderId: row.lender_id, lenderAppNo: e.ref.lenderAppNo });
      }
      const applications = await KnownApplications.lock(trx, this.deps.schema, numbers);
      const batch: Batch = { outcomes: new TransactionOutcomes(), unfinished, applications, parsed, events: new DeferredEvents(trx, this.deps.schema) };
      const drained: Drained[] = [];
      for (const request of requests) drained.push(await this.drain(trx, request, batch));
      await batch.events.flush();
      await this.deps.store.writeOutcomes(trx, batch.outcomes.toWrite());
      return drained;
    });
  }

  /**
   * Under the application's lock: its unfinished callbacks up to `id`, oldest first (as this
   * transaction left them: an earlier drain of the same application may have applied some).
   */
  private async drain(trx: Knex.Transaction, { id, ordering, always }: DrainRequest, batch: Batch): Promise<Drained> {
    const { store } = this.deps;
    const { outcomes, unfinished } = batch;
    const applied: Applied[] = [];
    let rows: RawCallbackRow[];
    // The rows as they would read had this transaction's outcomes been written already (read at its start, or now).
    if (ordering.orderingKey) {
      if (always) await batch.events.flush();
      const read = always
        ? await store.unfinishedUpTo(trx, ordering.lenderId, ordering.orderingKey, id, true)
        : (unfinished.get(subjectKey(ordering.lenderId, ordering.orderingKey)) ?? []).filter((r) => compareIds(r.id, id) <= 0);
      rows = read.map((r) => outcomes.latest(r)).filter((r) => isUnfinished(r) || (always && String(r.id) === id));
    } else {
      await batch.events.flush();
      const row = await store.load(id, trx, true);
      rows = row ? [outcomes.latest(row)] : [];
    }
    const own = rows.find((r) => String(r.id) === id);
    let target = own;
    if (!own || own.process_status === 'rejected' || (!always && !isUnfinished(own))) {
      // Finished already (or never to be processed): the earlier ones still go, in order.
      rows = rows.filter((r) => r !== own && isUnfinished(r));
    }
    for (const raw of rows) {
      const result = await this.applyIn(trx, raw, raw === own, batch);
      if (result) applied.push(result);
      if (raw === own && result) target = result.row;
    }
    // A link applied in this drain releases the earlier callbacks it parked a moment ago.
    if (applied.some((a) => a.linked.length)) {
      for (const parked of applied.filter((a) => a.row.process_status === 'orphaned')) {
        const mine = String(parked.row.id) === id;
        const again = await this.applyIn(trx, parked.row, mine, batch);
        if (!again) continue;
        Object.assign(parked, { row: again.row, linked: [...parked.linked, ...again.linked] });
        if (mine) target = again.row;
      }
    }
    return { target, applied };
  }

  /**
   * Applies a callback in a drain. Its own: the outcome is written with the transaction's
   * others, before the commit (a failure fails the transaction, as the job's own callback
   * must). An earlier one: inside a savepoint with its outcome, so one that cannot be
   * applied or recorded is left to its own job (retries, then review).
   */
  private async applyIn(trx: Knex.Transaction, raw: RawCallbackRow, own: boolean, batch: Batch): Promise<Applied | undefined> {
    if (!own) return this.applyEarlier(trx, raw, batch);
    const applied = await this.applyOne(trx, raw, batch);
    batch.outcomes.defer(applied.row);
    return applied;
  }

  private async applyEarlier(trx: Knex.Transaction, raw: RawCallbackRow, batch: Batch): Promise<Applied | undefined> {
    // What the transaction holds goes first: a rollback to the savepoint must not take it along.
    await batch.events.flush();
    try {
      const applied = await trx.transaction(async (savepoint) => {
        const events = new DeferredEvents(savepoint, this.deps.schema);
        const result = await this.applyOne(savepoint, raw, { ...batch, events });
        await events.flush();
        await this.deps.store.writeOutcomes(savepoint, [result.row]);
        return result;
      });
      batch.outcomes.written(applied.row);
      return applied;
    } catch (err) {
      this.deps.logger.warn({ err, rawCallbackId: raw.id, lenderId: raw.lender_id }, 'an earlier callback of the application could not be applied; its own job retries it');
      return undefined;
    }
  }

  private async afterCommit(applied: Applied[]): Promise<void> {
    const now = this.deps.clock.now().getTime();
    for (const a of applied) if (a.firstTime) this.deps.metrics.processedAfter(a.row.lender_id, (now - a.row.received_at.getTime()) / 1000);
    // Orphans parked under another key (e.g. an AppId-only callback) wait for the link's number.
    for (const a of applied) {
      for (const appNo of a.linked) {
        for (const orphanId of await this.deps.store.orphanIds(a.row.lender_id, appNo)) await this.processQueued(orphanId);
      }
    }
  }

  /** Parses and applies one locked raw row in `trx`; returns the row with its outcome (written by the caller). */
  private async applyOne(trx: Knex.Transaction, raw: RawCallbackRow, batch: Batch): Promise<Applied> {
    const { schema } = this.deps;
    const parsed = batch.parsed.get(String(raw.id)) ?? this.parse(raw);
    this.deps.metrics.parsed(raw.lender_id, parsed.parseStatus);
    const results: EventResult[] = [];
    const linked: string[] = [];
    for (const event of parsed.events) {
      const result = await this.apply(trx, raw, event, batch);
      // What it wrote is read again by the next callback about the same application.
      batch.applications.forget(result.applicationId, Boolean(result.linkedAppNo));
      results.push(result);
      if (result.linkedAppNo) linked.push(result.linkedAppNo);
    }
    if (parsed.parseStatus === 'unparseable' && raw.parse_status !== 'unparseable') {
      await batch.events.defer(`callback:${raw.id}`, {
        type: 'callback.unparseable',
        data: { rawCallbackId: Number(raw.id), lenderId: raw.lender_id, receivedAt: raw.received_at.toISOString(), reason: scrubSsnLike(parsed.reason) },
      });
    }
    const { status, detail } = summarize(parsed, results);
    const withApp = results.find((r) => r.applicationId);
    // Even when nothing could be applied (truncated body, review), tie the callback to its application for the timeline.
    const subjectApp = !withApp && parsed.subject ? await findApplication(trx, schema, raw.lender_id, parsed.subject, { beforeRead: () => batch.events.flush() }) : undefined;
    const outcome = {
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
    return { row: { ...raw, ...outcome }, linked, firstTime: raw.process_count === 0 };
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

  private async apply(trx: Knex.Transaction, raw: RawCallbackRow, event: CallbackEvent, batch: Batch): Promise<EventResult> {
    const { schema } = this.deps;
    if (event.kind === 'update') return applyUpdate(trx, schema, raw, event, { known: batch.applications, deferred: batch.events });
    // A link or a notice reads and writes as it goes: what the transaction holds is sent first.
    await batch.events.flush();
    return event.kind === 'link' ? applyLink(trx, schema, raw, event) : applyNotice(trx, schema, raw, event);
  }

  private parse(raw: RawCallbackRow): ParsedCallback {
    const entry = this.deps.lenders.forCallbacks(raw.lender_id, true);
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
