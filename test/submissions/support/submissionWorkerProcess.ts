/**
 * A separate worker process for the crash test: runs lendwire's workers against
 * the test's database and Redis prefix until it is killed. Prints "ready" once started.
 */
import knexFactory from 'knex';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { createLendwire } from '../../../plugin/index.js';
import { registerBuiltInAdapters } from '../../../adapters/index.js';

interface WorkerProcessConfig {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  manifest: Record<string, unknown>;
  submissions: Record<string, number>;
  now: string;
}

const config = JSON.parse(process.env.LENDWIRE_TEST_WORKER_CONFIG ?? '{}') as WorkerProcessConfig;
const knex = knexFactory({ client: 'pg', connection: config.databaseUrl, pool: { min: 0, max: 4 } });
const redis = new Redis(config.redisUrl);
const lendwire = await createLendwire({
  manifest: config.manifest,
  knex,
  redis,
  logger: pino({ level: 'silent' }),
  auth: () => null,
  queuePrefix: config.queuePrefix,
  clock: { now: () => new Date(config.now) },
  submissions: config.submissions,
});
registerBuiltInAdapters(lendwire);
await lendwire.start();
process.stdout.write('ready\n');
