import type { Cluster, Redis } from 'ioredis';

/**
 * The host's Redis connection as lendwire takes it: an ioredis `Redis` (one server,
 * or Sentinel) or an ioredis `Cluster`. Every key lendwire writes carries the queue
 * prefix's `{hash tag}`, so every Lua script and pipeline of one deployment stays on
 * one Cluster slot.
 */
export type RedisClient = Redis | Cluster;

/** Whether `redis` is an ioredis `Cluster` (ioredis marks it `isCluster`). */
export function isRedisCluster(redis: RedisClient): redis is Cluster {
  return (redis as { isCluster?: boolean }).isCluster === true;
}
