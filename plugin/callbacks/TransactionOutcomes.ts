import type { RawCallbackRow } from './rows.js';

/**
 * The callbacks one processing transaction has applied, each as the transaction left it.
 * Their outcomes are written together, in one statement just before the commit
 * (`RawCallbackStore.writeOutcomes`), so until then the table still shows them
 * unfinished: a later drain of the same application in the same transaction sees its
 * rows through `latest`, and a callback applied once is not applied again.
 */
export class TransactionOutcomes {
  private readonly latestById = new Map<string, RawCallbackRow>();
  private readonly unwritten = new Set<string>();

  /** `row` as this transaction left it (as read, when the transaction has not applied it). */
  latest(row: RawCallbackRow): RawCallbackRow {
    return this.latestById.get(String(row.id)) ?? row;
  }

  /** An outcome to write before the commit. */
  defer(row: RawCallbackRow): void {
    this.latestById.set(String(row.id), row);
    this.unwritten.add(String(row.id));
  }

  /** An outcome written already (in a savepoint of its own). */
  written(row: RawCallbackRow): void {
    this.latestById.set(String(row.id), row);
    this.unwritten.delete(String(row.id));
  }

  /** The outcomes still to write: the latest of each callback, once. */
  toWrite(): RawCallbackRow[] {
    return [...this.unwritten].map((id) => this.latestById.get(id)!);
  }
}
