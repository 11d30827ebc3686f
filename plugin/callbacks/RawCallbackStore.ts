import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import { TOKENS } from '../kernel/tokens.js';
import { preparedStatement, type PreparedStatementConfig } from '../kernel/preparedStatement.js';
import { Batcher } from '../kernel/Batcher.js';
import { scrubSsnLike } from '../security/scrubSsnLike.js';
import type { ProcessStatus, RawCallbackRow } from './rows.js';

export interface NewRawCallback {
  lenderId: string;
  receivedAt: Date;
  contentType: string | null;
  headers: Record<string, string>;
  body: Buffer;
  sourceIp: string | null;
  dedupeKey: string | null;
  processStatus: ProcessStatus;
  processDetail?: string | null;
  applicationId?: string | null;
  lenderAppId?: string | null;
  /** Which application the callback is about, as read at the door (see orderingKeyOf). */
  orderingKey?: string | null;
}

/** A callback as stored: its row's id, and whether an earlier delivery of it was stored already. */
export interface StoredCallback {
  id: string;
  duplicate: boolean;
}

/** Insert statements of callbacks running at once; callbacks arriving meanwhile wait and go together in the next. */
const INSERTS_IN_FLIGHT = 2;
/** The body bytes one insert statement carries at most (a larger body goes alone). */
const INSERT_BATCH_BYTES = 1024 * 1024;

/** One application's callbacks, as a map key: lender + ordering key. */
export const subjectKey = (lenderId: string, orderingKey: string): string => `${lenderId}\u0000${orderingKey}`;

/** Orders raw callback ids (bigint, as pg returns them: strings). */
export const compareIds = (a: string | number, b: string | number): number => {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

/** Statuses of a callback that still has to be applied. */
export const UNFINISHED_STATUSES = ['pending', 'orphaned'] as const;

/** The columns processing writes on a raw callback (its outcome), with their Postgres types. */
const OUTCOME_COLUMNS = {
  parse_status: 'text',
  parse_reason: 'text',
  process_status: 'text',
  process_detail: 'text',
  application_id: 'text',
  lender_app_no: 'text',
  lender_app_id: 'text',
  process_count: 'integer',
  processed_at: 'timestamptz',
} as const;

/** A raw callback's outcome, as processing writes it. */
export type CallbackOutcome = Pick<RawCallbackRow, 'id' | keyof typeof OUTCOME_COLUMNS>;

/** Parse reasons and processing details quote vendor text: no SSN-shaped number is kept in them. */
function scrubbed<T extends Record<string, unknown>>(columns: T): T {
  const out: Record<string, unknown> = { ...columns };
  for (const key of ['parse_reason', 'process_detail']) if (typeof out[key] === 'string') out[key] = scrubSsnLike(out[key]);
  return out as T;
}

/** The text and time columns of an accepted callback, one array each in INSERT_MANY, with their Postgres types. */
const ARRAY_COLUMNS = {
  lender_id: 'text',
  received_at: 'timestamptz',
  content_type: 'text',
  source_ip: 'text',
  dedupe_key: 'text',
  process_status: 'text',
  process_detail: 'text',
  application_id: 'text',
  lender_app_id: 'text',
  ordering_key: 'text',
} as const;
const ARRAY_NAMES = Object.keys(ARRAY_COLUMNS) as (keyof typeof ARRAY_COLUMNS)[];
const STORED_NAMES = [...ARRAY_NAMES, 'headers', 'body'];
/**
 * Several callbacks in one statement, in order. The headers travel as one JSON array and the
 * bodies as one bytea with each body's start and length (sent as binary: a bytea[] would go
 * hex-encoded inside an array literal, twice the bytes, built and parsed as text). Each row's id
 * is drawn before the insert, so a row the dedupe key turned away still answers which callback
 * it was: `stored` is false for it (its first delivery's id is looked up afterwards).
 */
const INSERT_MANY = `WITH input AS (
     SELECT nextval(?::regclass) AS id, ${ARRAY_NAMES.map((c) => `t.${c}`).join(', ')},
            (?::jsonb) -> (t.ord::int - 1) AS headers, substring(?::bytea FROM t.body_start FOR t.body_length) AS body, t.ord
       FROM unnest(${ARRAY_NAMES.map((c) => `?::${ARRAY_COLUMNS[c]}[]`).join(', ')}, ?::int[], ?::int[])
            WITH ORDINALITY AS t(${ARRAY_NAMES.join(', ')}, body_start, body_length, ord)
   ), stored AS (
     INSERT INTO ??.raw_callbacks (id, ${STORED_NAMES.join(', ')})
     SELECT id, ${STORED_NAMES.join(', ')} FROM input
     ON CONFLICT (lender_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
     RETURNING id
   )
   SELECT input.id, stored.id IS NOT NULL AS stored FROM input LEFT JOIN stored ON stored.id = input.id ORDER BY input.ord`;
const OUTCOME_NAMES = Object.keys(OUTCOME_COLUMNS) as (keyof typeof OUTCOME_COLUMNS)[];
/** Not a named prepared statement: its plan depends on the table's size (preparedStatement.ts). */
const WRITE_OUTCOMES = `UPDATE ??.raw_callbacks AS r SET ${OUTCOME_NAMES.map((c) => `${c} = v.${c}`).join(', ')}
     FROM unnest(?::bigint[], ${OUTCOME_NAMES.map((c) => `?::${OUTCOME_COLUMNS[c]}[]`).join(', ')}) AS v(id, ${OUTCOME_NAMES.join(', ')})
    WHERE r.id = v.id`;
/**
 * Under the subject locks: the unfinished callbacks of several drains' keys, each up to its drain's
 * own callback, oldest first per key, row-locked; one index lookup per drain
 * (raw_callbacks_unfinished_by_key). A key named twice returns its rows twice.
 */
const UNFINISHED_OF_DRAINS = `SELECT r.* FROM unnest(?::text[], ?::text[], ?::bigint[]) AS k(lender_id, ordering_key, up_to)
   CROSS JOIN LATERAL (SELECT * FROM ??.raw_callbacks c
                        WHERE c.lender_id = k.lender_id AND c.ordering_key = k.ordering_key AND c.id <= k.up_to
                          AND c.process_status IN (${UNFINISHED_STATUSES.map((s) => `'${s}'`).join(', ')})
                        ORDER BY c.id FOR UPDATE) r`;
const LOCK_ONE = 'SELECT pg_advisory_xact_lock(hashtextextended(?, 0))';
// The sorted subquery is not flattened, so the locks are taken in its order.
const LOCK_MANY = 'SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtextextended(n, 0) AS k FROM unnest(?::text[]) AS n ORDER BY 1) AS sorted';

/** The raw_callbacks table: the durable, append-only record of every accepted callback. */
@injectable()
export class RawCallbackStore {
  private readonly schema: string;
  /** The statements every callback runs, prepared once per connection (preparedStatement). */
  private readonly prepared: Record<'insert' | 'lockOne' | 'lockMany', { name?: string }>;
  /** The raw_callbacks id sequence, as a regclass literal. */
  private readonly idSequence: string;
  /** Callbacks stored in the same tick share one statement (group commit). */
  private readonly inserts = new Batcher<NewRawCallback, StoredCallback>((rows) => this.insertMany(rows), {
    maxBatch: 100,
    maxInFlight: INSERTS_IN_FLIGHT,
    // The batch's bodies are concatenated into one parameter: a few large ones make a statement of their own.
    budget: { size: (c) => c.body.length, max: INSERT_BATCH_BYTES },
  });

  constructor(
    @inject(TOKENS.Knex) private readonly knex: Knex,
    @inject(TOKENS.Config) config: PreparedStatementConfig,
  ) {
    this.schema = config.schema;
    this.idSequence = `"${config.schema.replace(/"/g, '""')}".raw_callbacks_id_seq`;
    this.prepared = {
      insert: preparedStatement(config, INSERT_MANY),
      lockOne: preparedStatement(config, LOCK_ONE),
      lockMany: preparedStatement(config, LOCK_MANY),
    };
  }

  /**
   * Stores a callback. With a dedupe key already stored for the lender, nothing
   * is written and the first row's id comes back with `duplicate: true`.
   * Callbacks stored at the same moment go to Postgres together; one the
   * database refuses fails alone (Batcher).
   */
  insert(c: NewRawCallback): Promise<StoredCallback> {
    return this.inserts.call(c);
  }

  private async insertMany(rows: NewRawCallback[]): Promise<StoredCallback[]> {
    const values = (pick: (c: NewRawCallback) => unknown): Knex.Value => rows.map(pick) as Knex.Value;
    const starts: number[] = [];
    let at = 1;
    for (const c of rows) {
      starts.push(at);
      at += c.body.length;
    }
    const result = await this.knex
      .raw(INSERT_MANY, [
        this.idSequence,
        JSON.stringify(rows.map((c) => c.headers)),
        rows.length === 1 ? rows[0].body : Buffer.concat(rows.map((c) => c.body)),
        values((c) => c.lenderId),
        values((c) => c.receivedAt),
        values((c) => c.contentType),
        values((c) => c.sourceIp),
        values((c) => c.dedupeKey),
        values((c) => c.processStatus),
        values((c) => c.processDetail ?? null),
        values((c) => c.applicationId ?? null),
        values((c) => c.lenderAppId ?? null),
        values((c) => c.orderingKey ?? null),
        starts,
        values((c) => c.body.length),
        this.schema,
      ])
      .options(this.prepared.insert);
    const answers = (result as { rows: { id: string; stored: boolean }[] }).rows;
    return Promise.all(
      rows.map(async (c, i) => {
        if (answers[i].stored) return { id: String(answers[i].id), duplicate: false };
        const first = await this.knex.withSchema(this.schema).table('raw_callbacks').where({ lender_id: c.lenderId, dedupe_key: c.dedupeKey }).first('id');
        return { id: String(first.id), duplicate: true };
      }),
    );
  }

  async load(id: string, db: Knex | Knex.Transaction = this.knex, forUpdate = false): Promise<RawCallbackRow | undefined> {
    if (!/^\d{1,18}$/.test(id)) return undefined;
    const query = db.withSchema(this.schema).table('raw_callbacks').where({ id }).first();
    if (forUpdate) query.forUpdate();
    return (await query) as RawCallbackRow | undefined;
  }

  /** The lender and ordering key of a stored callback (for jobs queued without them, e.g. by the sweep). */
  async orderingOf(id: string): Promise<{ lenderId: string; orderingKey: string | null } | undefined> {
    if (!/^\d{1,18}$/.test(id)) return undefined;
    const row = await this.knex.withSchema(this.schema).table('raw_callbacks').where({ id }).first('lender_id', 'ordering_key');
    return row ? { lenderId: row.lender_id, orderingKey: row.ordering_key } : undefined;
  }

  /**
   * Takes the transaction-scoped locks of applications' callbacks (Postgres advisory
   * locks on lender + ordering key), in one statement and always in the same order (by
   * the lock's number), so two transactions taking several never wait on each other
   * crosswise: while one is held no other process applies a callback with that key.
   */
  async lockSubjects(trx: Knex.Transaction, subjects: { lenderId: string; orderingKey: string }[]): Promise<void> {
    if (!subjects.length) return;
    const names = [...new Set(subjects.map((s) => `${this.schema}|callbacks|${s.lenderId}|${s.orderingKey}`))];
    if (names.length === 1) {
      await trx.raw(LOCK_ONE, [names[0]]).options(this.prepared.lockOne);
      return;
    }
    await trx.raw(LOCK_MANY, [names]).options(this.prepared.lockMany);
  }

  /**
   * Under the subject lock: the key's unfinished callbacks up to `id`, oldest first, row-locked;
   * `id` itself whatever its status when `includeTarget` (an operator's re-process).
   */
  async unfinishedUpTo(trx: Knex.Transaction, lenderId: string, orderingKey: string, id: string, includeTarget: boolean): Promise<RawCallbackRow[]> {
    const q = trx
      .withSchema(this.schema)
      .table('raw_callbacks')
      .where({ lender_id: lenderId, ordering_key: orderingKey })
      .andWhere('id', '<=', id)
      .andWhere((w) => {
        w.whereIn('process_status', UNFINISHED_STATUSES);
        if (includeTarget) w.orWhere({ id });
      })
      .orderBy('id')
      .forUpdate();
    return (await q.select('*')) as RawCallbackRow[];
  }

  /**
   * `unfinishedUpTo` for several drains in one statement (a processing transaction's
   * batch): by lender + ordering key, each key's rows oldest first, every row once.
   */
  async unfinishedOfDrains(trx: Knex.Transaction, drains: readonly { lenderId: string; orderingKey: string; upTo: string }[]): Promise<Map<string, RawCallbackRow[]>> {
    const byKey = new Map<string, RawCallbackRow[]>();
    if (!drains.length) return byKey;
    const result = await trx.raw(UNFINISHED_OF_DRAINS, [drains.map((d) => d.lenderId), drains.map((d) => d.orderingKey), drains.map((d) => d.upTo), this.schema]);
    const seen = new Set<string>();
    for (const row of (result as { rows: RawCallbackRow[] }).rows) {
      if (seen.has(String(row.id))) continue;
      seen.add(String(row.id));
      const key = subjectKey(row.lender_id, row.ordering_key!);
      const rows = byKey.get(key) ?? [];
      rows.push(row);
      byKey.set(key, rows);
    }
    for (const rows of byKey.values()) rows.sort((a, b) => compareIds(a.id, b.id));
    return byKey;
  }

  async update(id: string, columns: Record<string, unknown>, db: Knex | Knex.Transaction = this.knex): Promise<void> {
    await db.withSchema(this.schema).table('raw_callbacks').where({ id }).update(scrubbed(columns));
  }

  /**
   * Records the outcomes of any number of callbacks in one statement (a processing
   * transaction writes its whole batch's before it commits): each column goes as one
   * array of the column's own type, so NULLs, counts and timestamps are stored as a
   * one-row update would store them.
   */
  async writeOutcomes(trx: Knex.Transaction, outcomes: readonly CallbackOutcome[]): Promise<void> {
    if (!outcomes.length) return;
    const rows = outcomes.map(scrubbed);
    await trx
      .raw(
        WRITE_OUTCOMES,
        // Arrays with NULLs in them: pg sends them as array literals, NULL elements included.
        [this.schema, rows.map((r) => r.id), ...OUTCOME_NAMES.map((c) => rows.map((r) => r[c]) as Knex.Value)],
      );
  }

  /** Orphans of a lender waiting for `lenderAppNo`, oldest first (the order they must be applied in). */
  async orphanIds(lenderId: string, lenderAppNo: string): Promise<string[]> {
    const rows = await this.knex
      .withSchema(this.schema)
      .table('raw_callbacks')
      .where({ lender_id: lenderId, lender_app_no: lenderAppNo, process_status: 'orphaned' })
      .orderBy('id')
      .select('id');
    return rows.map((r: { id: string }) => String(r.id));
  }

  /** Callbacks that should have been processed by now: still pending (lost job), or orphans whose link has arrived. */
  async unfinishedIds(pendingOlderThan: Date, limit: number): Promise<string[]> {
    const pending = await this.knex
      .withSchema(this.schema)
      .table('raw_callbacks')
      .where({ process_status: 'pending' })
      .andWhere('received_at', '<', pendingOlderThan)
      .orderBy('id')
      .limit(limit)
      .select('id');
    const orphans = await this.knex.raw(
      `SELECT r.id FROM ??.raw_callbacks r
        WHERE r.process_status = 'orphaned'
          AND EXISTS (SELECT 1 FROM ??.applications a
                       WHERE a.lender_id = r.lender_id
                         AND ((r.lender_app_no IS NOT NULL AND a.lender_app_no = r.lender_app_no)
                           OR (r.lender_app_id IS NOT NULL AND a.lender_app_id = r.lender_app_id)))
        ORDER BY r.id LIMIT ?`,
      [this.schema, this.schema, limit],
    );
    return [...pending, ...(orphans as { rows: { id: string }[] }).rows].map((r: { id: string }) => String(r.id));
  }
}
