import type { Redis } from 'ioredis';

/**
 * Admits a delivery when its target has fewer than `cap` attempts in flight
 * (across every worker). Entries expire on their own, so a worker that dies
 * mid-attempt cannot hold a slot for ever.
 */
const ACQUIRE = `
local key = KEYS[1]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
if redis.call('ZSCORE', key, ARGV[1]) then return 1 end
if redis.call('ZCARD', key) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', key, now + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', key, tonumber(ARGV[2]) + 1000)
return 1
`;

type WithAcquire = Redis & { lendwireAcquireSlot(key: string, member: string, ttlMs: string, cap: string): Promise<number> };

/** Caps concurrent attempts per endpoint, so one slow endpoint cannot take every worker slot. */
export class InFlightLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    if (!(redis as unknown as Partial<WithAcquire>).lendwireAcquireSlot) redis.defineCommand('lendwireAcquireSlot', { numberOfKeys: 1, lua: ACQUIRE });
  }

  private key(target: string): string {
    return `${this.prefix}:inflight:${target}`;
  }

  async acquire(target: string, deliveryId: string, ttlMs: number, cap: number): Promise<boolean> {
    return (await (this.redis as unknown as WithAcquire).lendwireAcquireSlot(this.key(target), deliveryId, String(Math.ceil(ttlMs)), String(cap))) === 1;
  }

  async release(target: string, deliveryId: string): Promise<void> {
    await this.redis.zrem(this.key(target), deliveryId);
  }
}
