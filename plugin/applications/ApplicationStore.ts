import type { Knex } from 'knex';
import type { ApplicationKind, ApplicationRow } from './ApplicationRow.js';
import type { ApplicationStatus } from '../sdk/statuses.js';
import { keysetTime, type Keyset } from '../http/keysetCursor.js';

export interface ListFilters {
  /** Only these dealers' applications (an empty list: none); null = every dealer. */
  dealerIds: readonly string[] | null;
  status?: ApplicationStatus;
  externalRef?: string;
  appNo?: string;
  limit: number;
  /** Keyset position: rows strictly older than (at, id); `at` keeps Postgres' microseconds. */
  after?: Keyset;
}

export interface NewApplication {
  id: string;
  dealerId: string;
  lenderId: string;
  externalRef: string | null;
  kind: ApplicationKind;
  application: unknown;
  pii: Buffer;
  piiKeyId: string;
  idempotencyKey: string | null;
  requestHash: string;
  createdBy: string;
}

/** Reads and writes `applications` rows in the installation's schema. */
export class ApplicationStore {
  constructor(
    private readonly knex: Knex,
    private readonly schema: string,
  ) {}

  private table(db: Knex | Knex.Transaction = this.knex) {
    return db.withSchema(this.schema).table<ApplicationRow>('applications');
  }

  async insert(trx: Knex.Transaction, a: NewApplication): Promise<ApplicationRow> {
    const [row] = await this.table(trx)
      .insert({
        id: a.id,
        dealer_id: a.dealerId,
        lender_id: a.lenderId,
        external_ref: a.externalRef,
        status: 'queued',
        kind: a.kind,
        application: JSON.stringify(a.application) as never,
        pii: a.pii,
        pii_key_id: a.piiKeyId,
        idempotency_key: a.idempotencyKey,
        request_hash: a.requestHash,
        created_by: a.createdBy,
      })
      .returning('*');
    return row as ApplicationRow;
  }

  async findById(id: string, db: Knex | Knex.Transaction = this.knex): Promise<ApplicationRow | undefined> {
    return (await this.table(db).where({ id }).first()) as ApplicationRow | undefined;
  }

  async findForUpdate(trx: Knex.Transaction, id: string): Promise<ApplicationRow | undefined> {
    return (await this.table(trx).where({ id }).forUpdate().first()) as ApplicationRow | undefined;
  }

  async findByIdempotencyKey(dealerId: string, key: string): Promise<ApplicationRow | undefined> {
    return (await this.table().where({ dealer_id: dealerId, idempotency_key: key }).first()) as ApplicationRow | undefined;
  }

  /** Newest first on (created_at, id); each row carries its `sort_at` for the next page's cursor. */
  async list(f: ListFilters): Promise<(ApplicationRow & { sort_at: string })[]> {
    const q = this.table().select('*', this.knex.raw(`${keysetTime('created_at')} as sort_at`));
    if (f.dealerIds !== null) q.whereIn('dealer_id', [...f.dealerIds]);
    if (f.status) q.where('status', f.status);
    if (f.externalRef) q.where('external_ref', f.externalRef);
    if (f.appNo) q.where('lender_app_no', f.appNo);
    if (f.after) q.whereRaw('(created_at, id) < (?::timestamptz, ?)', [f.after.at, f.after.id]);
    return (await q.orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]).limit(f.limit)) as (ApplicationRow & { sort_at: string })[];
  }

  /** Applications waiting for (or stuck in) submission, unchanged for `olderThanMs` (database clock). */
  async pendingSubmission(olderThanMs: number, limit = 500): Promise<string[]> {
    const rows = await this.table()
      .whereIn('status', ['queued', 'submitting'])
      .whereRaw(`updated_at < now() - (? * interval '1 millisecond')`, [olderThanMs])
      .orderBy('updated_at')
      .limit(limit)
      .select('id');
    return rows.map((r) => r.id);
  }
}
