import type { RedisOptions } from 'ioredis';
import { isRedisCluster, type RedisClient } from '../kernel/RedisClient.js';

/**
 * A new connection to the same Redis as `redis`, with `overrides` applied to the
 * per-server options (e.g. `maxRetriesPerRequest: null`, which BullMQ workers need).
 * A `Cluster` is duplicated with the same startup nodes and cluster options, the
 * overrides going to its `redisOptions` (the options of each node connection).
 */
export function duplicateConnection<C extends RedisClient>(redis: C, overrides: Partial<RedisOptions> = {}): C {
  if (isRedisCluster(redis)) {
    return redis.duplicate([], { redisOptions: { ...redis.options.redisOptions, ...overrides } }) as C;
  }
  return redis.duplicate(overrides) as C;
}
