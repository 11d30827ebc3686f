import type { Knex } from 'knex';
import { scrubSsnLike, scrubSsnLikeDeep } from '../security/scrubSsnLike.js';

/** States of a `submissions` row; `sending` is written BEFORE the request leaves. */
export type SubmissionState = 'sending' | 'accepted' | 'rejected' | 'not_sent' | 'unknown';

export interface SubmissionRow {
  id: number;
  application_id: string;
  lender_id: string;
  state: SubmissionState;
  attempt: number;
  http_status: number | null;
  error_code: string | null;
  error_message: string | null;
  vendor_response: unknown;
  duration_ms: number | null;
  started_at: Date;
  finished_at: Date | null;
}

export interface SubmissionResult {
  state: Exclude<SubmissionState, 'sending'>;
  httpStatus?: number | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  vendorResponse?: unknown;
  durationMs?: number | null;
}

/** The attempt log of submissions: one row per attempt, never deleted. */
export class SubmissionStore {
  constructor(private readonly schema: string) {}

  private table(db: Knex | Knex.Transaction) {
    return db.withSchema(this.schema).table('submissions');
  }

  /**
   * The latest attempt, how many there were and how old the latest is (by the
   * database clock, the one that stamped started_at): one statement, as the
   * claim runs on every submission.
   */
  async history(db: Knex | Knex.Transaction, applicationId: string): Promise<{ last: SubmissionRow | undefined; attempts: number; lastAgeMs: number }> {
    const row = (await this.table(db)
      .where({ application_id: applicationId })
      .orderBy('id', 'desc')
      .first('*', db.raw('count(*) over () as attempts_so_far'), db.raw('extract(epoch from (now() - started_at)) * 1000 as age_ms'))) as
      | (SubmissionRow & { attempts_so_far: string; age_ms: string })
      | undefined;
    if (!row) return { last: undefined, attempts: 0, lastAgeMs: 0 };
    const { attempts_so_far, age_ms, ...last } = row;
    return { last, attempts: Number(attempts_so_far), lastAgeMs: Number(age_ms) };
  }

  async startSending(trx: Knex.Transaction, applicationId: string, lenderId: string, attempt: number): Promise<number> {
    const [row] = await this.table(trx).insert({ application_id: applicationId, lender_id: lenderId, state: 'sending', attempt }).returning(['id']);
    return Number(row.id);
  }

  /** Closes a `sending` row; false when another worker already closed it. */
  async finish(trx: Knex.Transaction, id: number, r: SubmissionResult): Promise<boolean> {
    const n = await this.table(trx)
      .where({ id, state: 'sending' })
      .update({
        state: r.state,
        http_status: r.httpStatus ?? null,
        error_code: r.errorCode ?? null,
        // Vendor text: SSN-shaped numbers never reach the attempt log.
        error_message: scrubSsnLike(r.errorMessage) ?? null,
        vendor_response: r.vendorResponse === undefined ? null : JSON.stringify(scrubSsnLikeDeep(r.vendorResponse)),
        duration_ms: r.durationMs ?? null,
        finished_at: trx.fn.now(),
      });
    return n === 1;
  }

  /** Adds what a lookup found to an `unknown` row (for the timeline). */
  async noteLookup(db: Knex | Knex.Transaction, id: number, lookup: unknown): Promise<void> {
    await this.table(db)
      .where({ id })
      .update({ vendor_response: db.raw(`coalesce(vendor_response, '{}'::jsonb) || ?::jsonb`, [JSON.stringify(scrubSsnLikeDeep({ lookup }))]) });
  }
}
