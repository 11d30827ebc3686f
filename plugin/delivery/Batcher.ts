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

  constructor(
    private readonly run: (inputs: In[]) => Promise<Out[]>,
    private readonly maxBatch = 100,
  ) {}

  call(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      if (this.pending.length >= this.maxBatch) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (!batch.length) return;
    this.attempt(batch.map((b) => b.input)).then(
      (outs) => batch.forEach((b, i) => b.resolve(outs[i])),
      (err: unknown) => {
        if (batch.length === 1) return batch[0].reject(err);
        for (const b of batch) this.attempt([b.input]).then(([out]) => b.resolve(out), b.reject);
      },
    );
  }

  /** `run`, with a synchronous throw turned into a rejection. */
  private async attempt(inputs: In[]): Promise<Out[]> {
    return this.run(inputs);
  }
}
