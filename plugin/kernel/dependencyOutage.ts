import type { Knex } from 'knex';
import type { RedisClient } from './RedisClient.js';

/** What tarn (knex's pool) tells about connections being waited for; not part of knex's typings. */
interface PoolGauges {
  numPendingAcquires?(): number;
  numPendingCreates?(): number;
}

/**
 * A cheap, synchronous look at the host's connections: which dependency a
 * request that is still waiting is probably waiting on, or undefined when both
 * look healthy. Redis: the connection is not `ready` (ioredis queues commands
 * until it reconnects). Postgres: requests wait for a pool connection while
 * the pool is still trying to open one (the server refuses, drops or ignores
 * new connections); on a healthy server a connection opens in milliseconds.
 */
export function dependencyOutage(knex: Knex, redis: RedisClient): () => string | undefined {
  return () => {
    if (redis.status !== 'ready') return 'Redis';
    const pool = (knex.client as { pool?: PoolGauges }).pool;
    if (pool && (pool.numPendingAcquires?.() ?? 0) > 0 && (pool.numPendingCreates?.() ?? 0) > 0) return 'PostgreSQL';
    return undefined;
  };
}
