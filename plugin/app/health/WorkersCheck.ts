import { inject, injectable } from 'inversify';
import { TOKENS } from '../../kernel/tokens.js';
import type { LendwireConfig } from '../../kernel/LendwireConfig.js';
import type { HealthCheck, HealthResult } from '../../kernel/lifecycle.js';
import type { QueueFactory } from '../../queue/QueueFactory.js';
import { APP_TOKENS } from '../tokens.js';
import type { RunState } from '../RunState.js';

/** `workers` line of GET /health: healthy when this process runs workers and each is running, or when it runs none at all. */
@injectable()
export class WorkersCheck implements HealthCheck {
  readonly name = 'workers';

  constructor(
    @inject(TOKENS.Queues) private readonly queues: QueueFactory,
    @inject(TOKENS.Config) private readonly config: Pick<LendwireConfig, 'runWorkers'>,
    @inject(APP_TOKENS.RunState) private readonly run: RunState,
  ) {}

  async check(): Promise<HealthResult> {
    if (!this.config.runWorkers) return { ok: true, detail: 'this process runs no workers' };
    if (this.run.state !== 'started') return { ok: false, detail: 'not started' };
    const states = this.queues.workerStates();
    const stopped = states.filter((s) => !s.running).map((s) => s.name);
    return { ok: stopped.length === 0, workers: states, ...(stopped.length ? { detail: `not running: ${stopped.join(', ')}` } : {}) };
  }
}
