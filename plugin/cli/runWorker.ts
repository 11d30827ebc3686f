import { resolve } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import knexFactory from 'knex';
import { Redis } from 'ioredis';
import { createLendwire, type Lendwire } from '../app/createLendwire.js';
import { databaseUrl, redisUrl } from './env.js';

/** The adapters shipped with the package, registered unless --adapters names another module. */
const BUILT_IN_ADAPTERS = fileURLToPath(new URL('../../adapters/index.js', import.meta.url));

/**
 * `lendwire worker`: queue workers, relay and schedulers in a process of their
 * own, scaled horizontally next to the host's web processes.
 */
export async function runWorker(adaptersModule?: string): Promise<void> {
  const manifest = resolve(process.env.LENDWIRE_MANIFEST || 'plugin.manifest.json');
  const knex = knexFactory({ client: 'pg', connection: databaseUrl() });
  const redis = new Redis(redisUrl(), { lazyConnect: true });
  await redis.connect();
  // The queue prefix is left to createLendwire (LENDWIRE_QUEUE_PREFIX, else the deployment's own), exactly as in the host.
  const lendwire: Lendwire = await createLendwire({ manifest, knex, redis, auth: () => null });
  const mod = (await import(pathToFileURL(adaptersModule ? resolve(adaptersModule) : BUILT_IN_ADAPTERS).href)) as {
    register?: (l: Lendwire) => void;
    registerBuiltInAdapters?: (l: Lendwire) => void;
  };
  const register = mod.register ?? mod.registerBuiltInAdapters;
  if (typeof register !== 'function') throw new Error(`adapters module ${adaptersModule} exports no register(lendwire) function`);
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
