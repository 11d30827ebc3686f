import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

const WINDOW_MS = 3_600_000;

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

export class DealerRateLimiter {
  constructor(
    private readonly redis: Redis,
    /** Read per call: the default prefix is only known once the deployment id has been read. */
    private readonly keyPrefix: () => string,
  ) {}

  private key(lenderId: string, dealerId: string): string {
    return `${this.keyPrefix()}:ratelimit:submissions:${lenderId}:${dealerId}`;
  }

  /** Takes one submission from the dealer's hourly budget for this lender, if there is one left. */
  async take(lenderId: string, dealerId: string, perHour: number): Promise<RateDecision> {
    const [allowed, waitMs] = (await this.redis.eval(SCRIPT, 1, this.key(lenderId, dealerId), WINDOW_MS, perHour, randomUUID())) as [number, number];
    return allowed === 1 ? { allowed: true } : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }
}
