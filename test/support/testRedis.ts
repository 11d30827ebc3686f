import { Cluster, Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { isRedisCluster, type RedisClient } from '../../plugin/kernel/RedisClient.js';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * The startup nodes of a Redis Cluster the tests use instead of TEST_REDIS_URL, from
 * LENDWIRE_TEST_REDIS_CLUSTER ("127.0.0.1:7101,127.0.0.1:7102,127.0.0.1:7103", set by
 * test/support/run-cluster-tests.sh); undefined when unset.
 */
export function testClusterNodes(): { host: string; port: number }[] | undefined {
  const spec = process.env.LENDWIRE_TEST_REDIS_CLUSTER?.trim();
  if (!spec) return undefined;
  return spec.split(',').map((node) => {
    const [host, port] = node.trim().split(':');
    if (!host || !Number(port)) throw new Error(`LENDWIRE_TEST_REDIS_CLUSTER: "${node}" is not host:port`);
    return { host, port: Number(port) };
  });
}

export interface TestRedis {
  /** A `Redis` on TEST_REDIS_URL, or a `Cluster` when LENDWIRE_TEST_REDIS_CLUSTER is set. */
  redis: RedisClient;
  /** A BullMQ prefix used by this test only, e.g. "{lwt-3f2a...}". */
  prefix: string;
  /** Deletes every key under the prefix and closes the connection. */
  cleanup(): Promise<void>;
}

/** The connections to scan: the server itself, or each master of a Cluster (SCAN sees one node's keys only). */
function scanTargets(redis: RedisClient): Redis[] {
  return isRedisCluster(redis) ? redis.nodes('master') : [redis];
}

/** Every key matching `pattern`, on a single server or across every master of a Cluster. */
export async function keysMatching(redis: RedisClient, pattern: string): Promise<string[]> {
  const found: string[] = [];
  for (const node of scanTargets(redis)) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      found.push(...keys);
    } while (cursor !== '0');
  }
  return found;
}

export async function deleteKeys(redis: RedisClient, pattern: string): Promise<void> {
  for (const node of scanTargets(redis)) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      // One DEL per key: keys a pattern matches need not share a slot (a multi-key DEL across slots is refused by a Cluster).
      if (keys.length) await keys.reduce((p, key) => p.del(key), node.pipeline()).exec();
    } while (cursor !== '0');
  }
}

/** A new connection to the test Redis: the Cluster when LENDWIRE_TEST_REDIS_CLUSTER is set, else TEST_REDIS_URL. */
export async function connectTestRedis(): Promise<RedisClient> {
  const nodes = testClusterNodes();
  if (nodes) {
    const cluster = new Cluster(nodes, { lazyConnect: true });
    await cluster.connect();
    return cluster;
  }
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true });
  await redis.connect();
  return redis;
}

export async function createTestRedis(): Promise<TestRedis> {
  const prefix = `{lwt-${randomBytes(5).toString('hex')}}`;
  const redis = await connectTestRedis();
  return {
    redis,
    prefix,
    async cleanup() {
      await deleteKeys(redis, `${prefix}*`);
      await redis.quit();
    },
  };
}
