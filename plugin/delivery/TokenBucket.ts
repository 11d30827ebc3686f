import type { Redis } from 'ioredis';

/**
 * Takes one token, reserving it even when the bucket is empty: the answer is
 * how long to wait until that reserved token is due (0 = go now). Time comes
 * from the Redis server so every worker shares one clock.
 */
const TAKE = `
local key = KEYS[1]
local perMs = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', key, 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil then tokens = burst; ts = now end
tokens = math.min(burst, tokens + math.max(0, now - ts) * perMs)
tokens = tokens - 1
redis.call('HSET', key, 'tokens', tostring(tokens), 'ts', tostring(now))
local wait = 0
if tokens < 0 then wait = math.ceil(-tokens / perMs) end
redis.call('PEXPIRE', key, math.ceil(burst / perMs) + wait + 1000)
return wait
`;

type WithTake = Redis & { lendwireTakeToken(key: string, perMs: string, burst: string): Promise<number> };

/** A per-endpoint token bucket in Redis, shared by every worker process. */
export class TokenBucket {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    if (!(redis as unknown as Partial<WithTake>).lendwireTakeToken) redis.defineCommand('lendwireTakeToken', { numberOfKeys: 1, lua: TAKE });
  }

  /** Reserves the next token of `target`; resolves to the ms to wait before using it. */
  async take(target: string, limit: { perSecond: number; burst: number }): Promise<number> {
    const key = `${this.prefix}:ratelimit:${target}`;
    return Number(await (this.redis as unknown as WithTake).lendwireTakeToken(key, String(limit.perSecond / 1000), String(limit.burst)));
  }
}
