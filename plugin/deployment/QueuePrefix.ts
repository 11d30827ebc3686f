import { UnavailableError } from '../errors/index.js';

/** The default prefix of a deployment: a Redis Cluster hash tag naming the deployment. */
export function defaultQueuePrefix(deploymentId: string): string {
  return `{lendwire:${deploymentId}}`;
}

/** Why `prefix` cannot be a queue prefix, or undefined when it can. */
export function queuePrefixProblem(prefix: string): string | undefined {
  if (!/\{[^{}]+\}/.test(prefix)) return `queue prefix ${JSON.stringify(prefix)} needs a non-empty {hash tag} (e.g. "{lendwire-eu}") so every key of a queue stays on one Redis Cluster slot`;
  if ([...prefix].some((c) => c.trim() === '' || c.charCodeAt(0) < 0x20)) return `queue prefix ${JSON.stringify(prefix)} contains whitespace or control characters`;
  return undefined;
}

/**
 * The Redis key prefix of lendwire's queues, rate limits and claims. An explicit
 * one (option `queuePrefix` / LENDWIRE_QUEUE_PREFIX) is known at once; the
 * default is derived from the deployment id stored by the migrations, so it is
 * known after `migrate()` or `start()` read that id.
 */
export class QueuePrefix {
  private resolved: string | undefined;

  constructor(readonly explicit: string | undefined) {
    this.resolved = explicit;
  }

  get known(): boolean {
    return this.resolved !== undefined;
  }

  get value(): string {
    if (this.resolved === undefined) {
      throw new UnavailableError('lendwire has not started yet: its Redis queue prefix comes from the deployment id, read by migrate() or start()');
    }
    return this.resolved;
  }

  /** Takes the default prefix of `deploymentId` unless a prefix was set explicitly. */
  adopt(deploymentId: string): void {
    this.resolved ??= defaultQueuePrefix(deploymentId);
  }
}
