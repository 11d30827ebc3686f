import type { Logger } from 'pino';

export interface PeriodicTaskOptions {
  /** Named in the log line when a run fails. */
  name: string;
  intervalMs: number;
  /** Delay of the first run after start(); omitted = the first run waits a whole interval. */
  firstRunAfterMs?: number;
  logger: Logger;
}

/**
 * Background work repeated on an interval (sweeps, reconciliation, pruning,
 * alert checks): runs never overlap, a failed run is logged and retried next
 * time, and stop() waits for the run in flight. The timer never keeps the
 * process alive.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private first: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly run: () => Promise<unknown>,
    private readonly options: PeriodicTaskOptions,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.trigger(), this.options.intervalMs);
    this.timer.unref();
    if (this.options.firstRunAfterMs !== undefined) {
      this.first = setTimeout(() => void this.trigger(), this.options.firstRunAfterMs);
      this.first.unref();
    }
  }

  /** Runs now, or joins the run already in flight. */
  trigger(): Promise<void> {
    this.running ??= this.run()
      .then(() => undefined)
      .catch((err: unknown) => this.options.logger.warn({ err }, `${this.options.name} failed; will try again`))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    clearTimeout(this.first);
    this.timer = undefined;
    this.first = undefined;
    await this.running;
  }
}
