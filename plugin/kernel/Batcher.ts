/** How a Batcher groups its calls. */
export interface BatcherOptions<In = unknown> {
  /** The most inputs one `run` gets (default 100). */
  maxBatch?: number;
  /**
   * The most batches running at once (default: no limit). Calls made while every
   * slot is taken wait and go together in the next batch when one finishes: under
   * load the batches grow by themselves (group commit), at rest a call still runs
   * in the next tick, alone.
   */
  maxInFlight?: number;
  /**
   * A budget per batch besides the count: `size` of each input, at most `max` together
   * (an input larger than `max` still goes, alone). E.g. the bytes of callback bodies,
   * so a burst of large ones does not make one huge statement.
   */
  budget?: { size: (input: In) => number; max: number };
}

/**
 * Collects calls made in the same tick and runs them as one batch (like
 * DataLoader): under load, N concurrent deliveries cost one database round
 * trip instead of N, without changing what each caller sees.
 *
 * A batch that fails is run again one input at a time, so one bad input (a
 * row a constraint refuses, a delivery deleted meanwhile) fails alone instead
 * of failing every delivery that happened to share its round trip. `run`
 * must therefore be all-or-nothing per call (one statement, or one transaction).
 */
export class Batcher<In, Out> {
  private pending: { input: In; resolve: (out: Out) => void; reject: (err: unknown) => void }[] = [];
  private scheduled = false;
  private inFlight = 0;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;
  private readonly budget: BatcherOptions<In>['budget'];

  constructor(
    private readonly run: (inputs: In[]) => Promise<Out[]>,
    options: number | BatcherOptions<In> = {},
  ) {
    const { maxBatch = 100, maxInFlight = Infinity, budget } = typeof options === 'number' ? { maxBatch: options } : options;
    this.maxBatch = maxBatch;
    this.maxInFlight = maxInFlight;
    this.budget = budget;
  }

  /** How many of the pending calls the next batch takes: up to maxBatch, within the budget, at least one. */
  private nextBatchLength(): number {
    const count = Math.min(this.pending.length, this.maxBatch);
    if (!this.budget) return count;
    let used = 0;
    for (let i = 0; i < count; i++) {
      used += this.budget.size(this.pending[i].input);
      if (used > this.budget.max) return Math.max(i, 1);
    }
    return count;
  }

  call(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (!this.pending.length || this.inFlight >= this.maxInFlight) return; // a finishing batch schedules again
    if (this.pending.length >= this.maxBatch) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.scheduled = false;
    if (this.inFlight >= this.maxInFlight) return;
    const batch = this.pending.splice(0, this.nextBatchLength());
    if (!batch.length) return;
    this.inFlight++;
    this.settle(batch).finally(() => {
      this.inFlight--;
      this.schedule();
    });
    this.schedule();
  }

  /** Runs a batch; when it fails, each input again on its own (holding the batch's slot until all are done). */
  private async settle(batch: { input: In; resolve: (out: Out) => void; reject: (err: unknown) => void }[]): Promise<void> {
    try {
      const outs = await this.attempt(batch.map((b) => b.input));
      batch.forEach((b, i) => b.resolve(outs[i]));
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err);
      await Promise.all(batch.map((b) => this.attempt([b.input]).then(([out]) => b.resolve(out), b.reject)));
    }
  }

  /** `run`, with a synchronous throw turned into a rejection. */
  private async attempt(inputs: In[]): Promise<Out[]> {
    return this.run(inputs);
  }
}
