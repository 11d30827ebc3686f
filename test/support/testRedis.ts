import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestRedis {
  redis: Redis;
  /** A BullMQ prefix used by this test only, e.g. "{lwt-3f2a...}". */
  prefix: string;
  /** Deletes every key under the prefix and closes the connection. */
  cleanup(): Promise<void>;
}

export async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}

export async function createTestRedis(): Promise<TestRedis> {
  const prefix = `{lwt-${randomBytes(5).toString('hex')}}`;
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true });
  await redis.connect();
  return {
    redis,
    prefix,
    async cleanup() {
      await deleteKeys(redis, `${prefix}*`);
      await redis.quit();
    },
  };
}
