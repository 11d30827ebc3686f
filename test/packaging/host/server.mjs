/* global process, console */
// A fresh host app for the packaging test: it uses only what `npm install lendwire`
// gives a host (the packed tarball) and its own express, knex, pg and ioredis, and
// mounts lendwire under a base path of its own. Prints {"port":N} once it listens.
import express from 'express';
import knexFactory from 'knex';
import { Redis } from 'ioredis';
import { createLendwire } from 'lendwire';
import { registerBuiltInAdapters } from 'lendwire/adapters';

const knex = knexFactory({ client: 'pg', connection: process.env.DATABASE_URL });
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const lendwire = await createLendwire({ manifest: process.env.LENDWIRE_MANIFEST, knex, redis, auth: () => null });
registerBuiltInAdapters(lendwire);
await lendwire.migrate();

const app = express();
app.get('/', (_req, res) => {
  res.json({ host: true });
});
app.use(process.env.BASE_PATH, lendwire.router);
await lendwire.start();
const server = app.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ port: server.address().port }));
});

process.on('SIGTERM', async () => {
  await lendwire.stop();
  server.closeAllConnections();
  server.close();
  await redis.quit();
  await knex.destroy();
  process.exit(0);
});
