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

type WithAdmit = RedisClient & { lendwireAdmit(slots: string, bucket: string, member: string, ttl: string, cap: string, perMs: string, burst: string, held: string): Promise<[number, number]> };

const VERDICTS = ['go', 'rate_limited', 'at_cap'] as const;

/**
 * Per-endpoint admission shared by every worker: the in-flight cap (so a slow
 * endpoint cannot take every worker slot) and the rate limit (token bucket),
 * in Redis. One round trip admits a delivery; the slots given back in the same
 * tick go back in one pipeline.
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

  async admit(r: AdmitRequest): Promise<Admission> {
    const perMs = r.rateLimit ? r.rateLimit.perSecond / 1000 : 0;
    const [verdict, waitMs] = await (this.redis as unknown as WithAdmit).lendwireAdmit(
      this.slotsKey(r.endpoint),
      `${this.prefix}:ratelimit:${r.endpoint}`,
      r.deliveryId,
      String(Math.ceil(r.slotTtlMs)),
      String(r.cap),
      String(perMs),
      String(r.rateLimit?.burst ?? 0),
      r.tokenHeld ? '1' : '0',
    );
    const name = VERDICTS[verdict];
    return name === 'rate_limited' ? { verdict: name, waitMs: Number(waitMs) } : { verdict: name ?? 'at_cap' };
  }

  private readonly releases = new Batcher<{ endpoint: string; deliveryId: string; durationMs: number }, void>(async (items) => {
    const byEndpoint = new Map<string, typeof items>();
    for (const item of items) byEndpoint.set(item.endpoint, [...(byEndpoint.get(item.endpoint) ?? []), item]);
    const pipeline = this.redis.pipeline();
    for (const [endpoint, list] of byEndpoint) pipeline.zrem(this.slotsKey(endpoint), ...list.map((i) => i.deliveryId));
    await pipeline.exec();
    for (const [endpoint, list] of byEndpoint) this.turnover.released(endpoint, list.length, list[list.length - 1].durationMs);
    return items.map(() => undefined);
  });

  /** Gives the slot back (batched with the others released in this tick). A lost release only delays: slots expire. */
  release(endpoint: string, deliveryId: string, durationMs: number): Promise<void> {
    return this.releases.call({ endpoint, deliveryId, durationMs });
  }
}
