import { inject, injectable } from 'inversify';
import type { RedisClient } from '../kernel/RedisClient.js';
import { TOKENS } from '../kernel/tokens.js';
import type { LendwireConfig } from '../kernel/LendwireConfig.js';
import { ADMIT_SCRIPT } from './admitScript.js';
import { Batcher } from '../kernel/Batcher.js';
import { SlotTurnover } from './SlotTurnover.js';

export type Admission = { verdict: 'go' } | { verdict: 'rate_limited'; waitMs: number } | { verdict: 'at_cap' };

export interface AdmitRequest {
  /** `<target kind>:<target id>` */
  endpoint: string;
  deliveryId: string;
  /** How long the slot is held at most (the attempt's timeout plus a margin). */
  slotTtlMs: number;
  /** Attempts in flight to this endpoint across every worker. */
  cap: number;
  rateLimit?: { perSecond: number; burst: number };
  /** The job already reserved its rate-limit token (it waited for it). */
  tokenHeld: boolean;
}

type AdmitArgs = (slots: string, bucket: string, member: string, ttl: string, cap: string, perMs: string, burst: string, held: string) => Promise<unknown>;
type WithAdmit = RedisClient & { lendwireAdmit: AdmitArgs };

const VERDICTS = ['go', 'rate_limited', 'at_cap'] as const;

function toAdmission([verdict, waitMs]: [number, number]): Admission {
  const name = VERDICTS[verdict];
  return name === 'rate_limited' ? { verdict: name, waitMs: Number(waitMs) } : { verdict: name ?? 'at_cap' };
}

/**
 * Per-endpoint admission shared by every worker: the in-flight cap (so a slow
 * endpoint cannot take every worker slot) and the rate limit (token bucket),
 * in Redis. The deliveries admitted in the same tick share one round trip (a
 * pipeline of the admission script), as do the slots given back in the same tick.
 */
@injectable()
export class EndpointGate {
  readonly turnover = new SlotTurnover();

  constructor(
    @inject(TOKENS.Redis) private readonly redis: RedisClient,
    @inject(TOKENS.Config) private readonly config: Pick<LendwireConfig, 'queuePrefix'>,
  ) {
    if (!(redis as unknown as Partial<WithAdmit>).lendwireAdmit) redis.defineCommand('lendwireAdmit', { numberOfKeys: 2, lua: ADMIT_SCRIPT });
  }

  /** Read on use: the default queue prefix is known only once the deployment id has been read. */
  private get prefix(): string {
    return this.config.queuePrefix;
  }

  private slotsKey(endpoint: string): string {
    return `${this.prefix}:inflight:${endpoint}`;
  }

  /** Admits a delivery: its script goes to Redis in one pipeline with the others asked for in this tick. */
  async admit(r: AdmitRequest): Promise<Admission> {
    const answer = await this.admissions.call(r);
    if (answer instanceof Error) throw answer;
    return answer;
  }

  /**
   * Every admission asked for in one tick (the deliveries claimed together reach it together)
   * is one write and one read on the connection. Each script still runs on its own and
   * atomically; one that fails (or a dropped connection) fails only its own delivery,
   * never re-runs the others (a second run would take a second rate-limit token).
   */
  private readonly admissions = new Batcher<AdmitRequest, Admission | Error>(async (requests) => {
    // Alone in its tick (a steady trickle): the script itself, without a pipeline around it.
    if (requests.length === 1) {
      return [
        await (this.redis as unknown as WithAdmit)
          .lendwireAdmit(...this.admitArgs(requests[0]))
          .then((result: unknown) => toAdmission(result as [number, number]))
          .catch((err: unknown) => (err instanceof Error ? err : new Error(String(err)))),
      ];
    }
    const pipeline = this.redis.pipeline() as unknown as { lendwireAdmit: AdmitArgs; exec(): Promise<[Error | null, unknown][] | null> };
    for (const r of requests) pipeline.lendwireAdmit(...this.admitArgs(r));
    const answers = await pipeline.exec().catch((err: unknown) => err as Error);
    return requests.map((_, i) => {
      if (answers instanceof Error) return answers;
      const [err, result] = answers?.[i] ?? [new Error('Redis gave no answer to the admission script'), undefined];
      return err ?? toAdmission(result as [number, number]);
    });
  });

  private admitArgs(r: AdmitRequest): Parameters<AdmitArgs> {
    const perMs = r.rateLimit ? r.rateLimit.perSecond / 1000 : 0;
    return [
      this.slotsKey(r.endpoint),
      `${this.prefix}:ratelimit:${r.endpoint}`,
      r.deliveryId,
      String(Math.ceil(r.slotTtlMs)),
      String(r.cap),
      String(perMs),
      String(r.rateLimit?.burst ?? 0),
      r.tokenHeld ? '1' : '0',
    ];
  }

  private readonly releases = new Batcher<{ endpoint: string; deliveryId: string; durationMs: number }, void>(async (items) => {
    const byEndpoint = new Map<string, typeof items>();
    for (const item of items) byEndpoint.set(item.endpoint, [...(byEndpoint.get(item.endpoint) ?? []), item]);
    if (byEndpoint.size === 1) {
      // One endpoint's slots (the usual case): one command, no pipeline around it.
      const [[endpoint, list]] = byEndpoint;
      await this.redis.zrem(this.slotsKey(endpoint), ...list.map((i) => i.deliveryId));
    } else {
      const pipeline = this.redis.pipeline();
      for (const [endpoint, list] of byEndpoint) pipeline.zrem(this.slotsKey(endpoint), ...list.map((i) => i.deliveryId));
      await pipeline.exec();
    }
    for (const [endpoint, list] of byEndpoint) this.turnover.released(endpoint, list.length, list[list.length - 1].durationMs);
    return items.map(() => undefined);
  });

  /** Gives the slot back (batched with the others released in this tick). A lost release only delays: slots expire. */
  release(endpoint: string, deliveryId: string, durationMs: number): Promise<void> {
    return this.releases.call({ endpoint, deliveryId, durationMs });
  }
}
