/** How `pii:reseal` paces itself next to live traffic, and how it reports each batch. */
export interface ResealPacing {
  /** Rows per batch (one transaction each). */
  batchSize: number;
  /** Called after each committed batch with the rows it re-sealed. */
  onBatch(count: number): void;
  /** Waits between batches (the configured pause, or `ms`). */
  pause(ms?: number): Promise<void>;
}
