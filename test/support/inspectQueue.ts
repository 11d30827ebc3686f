import { Queue } from 'bullmq';
import { duplicateConnection, type RedisClient } from '../../plugin/index.js';

/**
 * A BullMQ Queue on a connection of its own, for a test to look into or change a
 * queue. BullMQ leaves a connection it was handed open on close(); this one is
 * ours, so close() quits it too (an open one keeps mocha, and CI, waiting).
 */
export async function inspectQueue<T>(redis: RedisClient, name: string, prefix: string, use: (queue: Queue) => Promise<T>): Promise<T> {
  const connection = duplicateConnection(redis);
  const queue = new Queue(name, { connection, prefix });
  try {
    return await use(queue);
  } finally {
    await queue.close();
    await connection.quit().catch(() => connection.disconnect());
  }
}
