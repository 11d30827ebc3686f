import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'inversify';
import type { RedisClient } from '../kernel/RedisClient.js';
import type { Logger } from 'pino';
import { TOKENS } from '../kernel/tokens.js';
import type { LendwireConfig } from '../kernel/LendwireConfig.js';
import { withDeadline } from '../kernel/withDeadline.js';
import { isDependencyUnavailable } from '../errors/dependencyFailure.js';
import { LocalRateWindow } from './LocalRateWindow.js';

const WINDOW_MS = 3_600_000;

/** Longest a dealer request waits for Redis' answer before the per-process fallback decides. */
export const RATE_LIMIT_REDIS_WAIT_MS = 500;

/**
 * Sliding one-hour window per (lender, dealer), kept in Redis so every process
 * of the installation counts against the same budget. Redis' own clock is used,
 * so hosts with skewed clocks still agree.
 */
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local used = redis.call('ZCARD', KEYS[1])
if used < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return {1, 0}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, tonumber(oldest[2]) + window - now}
`;

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * The dealer submission limit. While Redis is unreachable (not connected, or
 * no answer within RATE_LIMIT_REDIS_WAIT_MS) each process enforces the same
 * limit on its own in memory, so dealers are neither stalled nor refused by
 * an outage of a queue store; the switch each way is logged once.
 */
@injectable()
export class DealerRateLimiter {
  private readonly local = new LocalRateWindow(WINDOW_MS);
  private readonly logger: Logger;
  private degraded = false;

  constructor(
    @inject(TOKENS.Redis) private readonly redis: RedisClient,
    /** `queuePrefix` is read per call: the default prefix is only known once the deployment id has been read. */
    @inject(TOKENS.Config) private readonly config: Pick<LendwireConfig, 'queuePrefix'>,
    @inject(TOKENS.Logger) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'rate-limit' });
  }

  private key(lenderId: string, dealerId: string): string {
    return `${this.config.queuePrefix}:ratelimit:submissions:${lenderId}:${dealerId}`;
  }

  /** Takes one submission from the dealer's hourly budget for this lender, if there is one left. */
  async take(lenderId: string, dealerId: string, perHour: number): Promise<RateDecision> {
    const key = this.key(lenderId, dealerId);
    // Not connected: ioredis would queue the command until it reconnects or gives up (seconds).
    if (this.redis.status !== 'ready') return this.takeLocally(key, perHour, `Redis connection is ${this.redis.status}`);
    let answer: [number, number];
    try {
      answer = (await withDeadline(this.redis.eval(SCRIPT, 1, key, WINDOW_MS, perHour, randomUUID()), RATE_LIMIT_REDIS_WAIT_MS, 'Redis (dealer rate limit)')) as [number, number];
    } catch (err) {
      if (!isDependencyUnavailable(err)) throw err;
      return this.takeLocally(key, perHour, err instanceof Error ? err.message : String(err));
    }
    if (this.degraded) {
      this.degraded = false;
      this.local.clear();
      this.logger.info('dealer rate limits are counted in Redis again');
    }
    const [allowed, waitMs] = answer;
    return allowed === 1 ? { allowed: true } : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  private takeLocally(key: string, perHour: number, reason: string): RateDecision {
    if (!this.degraded) {
      this.degraded = true;
      this.logger.warn({ reason }, 'Redis is unavailable: dealer rate limits are enforced per process until it is back');
    }
    const decision = this.local.take(key, perHour);
    return decision.allowed ? decision : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(decision.waitMs / 1000)) };
  }
}
