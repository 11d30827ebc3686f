/**
 * A lendwire worker process for crash tests: runs every worker (relay, delivery,
 * submissions, callbacks; built-in adapters) on the manifest's runtime settings
 * against the parent's database and Redis prefix. Prints "ready" once
 * started; stops gracefully on SIGTERM (the tests SIGKILL it to simulate a crash).
 * With WORKER_HTTP=1 it is a host too: it serves the router under /lendwire on 127.0.0.1
 * and prints "ready <port>".
 * argv: <database url> <redis url> <queue prefix> <manifest json>
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import knexFactory from 'knex';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { createLendwire } from '../../../plugin/index.js';
import { registerBuiltInAdapters } from '../../../adapters/index.js';

const [databaseUrl, redisUrl, queuePrefix, manifestJson] = process.argv.slice(2);
const knex = knexFactory({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 5 } });
const redis = new Redis(redisUrl);
const lendwire = await createLendwire({
  manifest: JSON.parse(manifestJson),
  knex,
  redis,
  auth: () => null,
  queuePrefix,
  runWorkers: true,
  shutdownTimeoutMs: 2000,
  logger: pino({ level: process.env.WORKER_LOG_LEVEL ?? 'silent' }),
});
registerBuiltInAdapters(lendwire);
await lendwire.start();
if (process.env.WORKER_HTTP === '1') {
  const app = express();
  app.use('/lendwire', lendwire.router);
  const server = app.listen(0, '127.0.0.1', () => process.stdout.write(`ready ${(server.address() as AddressInfo).port}\n`));
} else process.stdout.write('ready\n');

process.on('SIGTERM', () => {
  void (async () => {
    await lendwire.stop();
    await knex.destroy();
    redis.disconnect();
    process.exit(0);
  })();
});
