/**
 * One round trip admits a delivery to its endpoint: the in-flight slot and the
 * rate-limit token are checked and taken together, atomically, with the Redis
 * server's clock (shared by every worker). Both keys carry the queue prefix's
 * hash tag (`{lendwire:<deployment id>}`), so they live in one Redis Cluster slot
 * (test/deployment/keySlots.test.ts checks it).
 *
 * KEYS[1] in-flight sorted set (member = delivery id, score = expiry), KEYS[2] token bucket hash.
 * ARGV: member, slot ttl ms, cap, tokens per ms (0 = no rate limit), burst, token already held (1/0).
 * Returns { verdict, waitMs }:
 *   0 go: the slot is taken (and the token, unless already held);
 *   1 rate limited: the token is reserved for the caller (it waits waitMs, then comes back holding it); no slot;
 *   2 at the in-flight cap: nothing taken.
 * Slots expire on their own, so a worker that dies mid-attempt cannot hold one for ever.
 */
export const ADMIT_SCRIPT = `
local slots = KEYS[1]
local bucket = KEYS[2]
local member = ARGV[1]
local ttl = tonumber(ARGV[2])
local cap = tonumber(ARGV[3])
local perMs = tonumber(ARGV[4])
local burst = tonumber(ARGV[5])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', slots, '-inf', now)
local holding = redis.call('ZSCORE', slots, member)
if not holding and redis.call('ZCARD', slots) >= cap then return {2, 0} end
if perMs > 0 and ARGV[6] ~= '1' then
  local state = redis.call('HMGET', bucket, 'tokens', 'ts')
  local tokens = tonumber(state[1])
  local ts = tonumber(state[2])
  if tokens == nil then tokens = burst; ts = now end
  tokens = math.min(burst, tokens + math.max(0, now - ts) * perMs) - 1
  redis.call('HSET', bucket, 'tokens', tostring(tokens), 'ts', tostring(now))
  local wait = 0
  if tokens < 0 then wait = math.ceil(-tokens / perMs) end
  redis.call('PEXPIRE', bucket, math.ceil(burst / perMs) + wait + 1000)
  if wait > 0 then return {1, wait} end
end
redis.call('ZADD', slots, now + ttl, member)
redis.call('PEXPIRE', slots, ttl + 1000)
return {0, 0}
`;
