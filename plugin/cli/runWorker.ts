import { resolve } from 'node:path';
import knexFactory from 'knex';
import { Cluster, Redis } from 'ioredis';
import { createLendwire, type Lendwire } from '../app/createLendwire.js';
import { databaseUrl, redisClusterNodes, redisUrl } from './env.js';
import { loadAdapterRegistration } from './loadAdapterRegistration.js';

/**
 * `lendwire worker`: queue workers, relay and schedulers in a process of their
 * own, scaled horizontally next to the host's web processes.
 */
export async function runWorker(adaptersModule?: string): Promise<void> {
  const manifest = resolve(process.env.LENDWIRE_MANIFEST || 'plugin.manifest.json');
  const knex = knexFactory({ client: 'pg', connection: databaseUrl() });
  // LENDWIRE_REDIS_CLUSTER names a Redis Cluster's startup nodes; otherwise REDIS_URL a single server.
  const cluster = redisClusterNodes();
  const redis = cluster
    ? new Cluster(cluster.nodes, { lazyConnect: true, ...(cluster.password ? { redisOptions: { password: cluster.password } } : {}) })
    : new Redis(redisUrl(), { lazyConnect: true });
  await redis.connect();
  // The queue prefix is left to createLendwire (LENDWIRE_QUEUE_PREFIX, else the deployment's own), exactly as in the host.
  const lendwire: Lendwire = await createLendwire({ manifest, knex, redis, auth: () => null });
  const register = await loadAdapterRegistration(adaptersModule);
  register(lendwire);
  const shutdown = async () => {
    await lendwire.stop();
    await redis.quit();
    await knex.destroy();
  };
  try {
    await lendwire.start();
  } catch (err) {
    // Close the connections, or a worker that may not start (e.g. a queue prefix claimed by another deployment) would hang instead of exiting.
    await shutdown().catch(() => undefined);
    throw err;
  }
  lendwire.logger.info('lendwire worker running');
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}
