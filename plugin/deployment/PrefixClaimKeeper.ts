import type { RedisClient } from '../kernel/RedisClient.js';
import type { Logger } from 'pino';
import { PeriodicTask } from '../kernel/PeriodicTask.js';
import type { Clock } from '../kernel/Clock.js';
import { claimQueuePrefix, type DeploymentIdentity } from './claimQueuePrefix.js';

/** How often a running deployment re-asserts its claim (restores it after a Redis flush). */
export const CLAIM_REFRESH_MS = 30_000;

/**
 * Holds this deployment's claim on its queue prefix while it runs. start()
 * refuses a prefix another deployment claimed; afterwards the claim is
 * written again every `intervalMs`, so a FLUSHALL does not leave the prefix
 * open for another database to take, and a conflict that still arises (the
 * other side started during the gap) is logged as an error every time.
 */
export class PrefixClaimKeeper {
  private task: PeriodicTask | undefined;

  constructor(
    private readonly redis: RedisClient,
    private readonly logger: Logger,
    private readonly clock: Clock,
    private readonly intervalMs = CLAIM_REFRESH_MS,
  ) {}

  /** Claims `prefix` (throws a ConfigurationError when another deployment holds it), then keeps the claim. */
  async claim(prefix: string, me: DeploymentIdentity): Promise<void> {
    await claimQueuePrefix(this.redis, prefix, me, this.clock.now());
    await this.task?.stop();
    this.task = new PeriodicTask(
      () =>
        claimQueuePrefix(this.redis, prefix, me, this.clock.now()).catch((err: unknown) => {
          this.logger.error({ err, queuePrefix: prefix }, 'another deployment claimed this queue prefix while this one runs: their workers and ours take each other\'s jobs');
        }),
      { name: 'queue prefix claim', intervalMs: this.intervalMs, logger: this.logger },
    );
    this.task.start();
  }

  async stop(): Promise<void> {
    await this.task?.stop();
    this.task = undefined;
  }
}
