import express, { type Request } from 'express';
import knexFactory, { type Knex } from 'knex';
import { Redis } from 'ioredis';
import { pino, type Logger } from 'pino';
import { createLendwire, type Lendwire, type Principal } from '../plugin/index.js';
import { registerBuiltInAdapters } from '../adapters/index.js';
import type { HostConfig } from './hostConfig.js';
import { listen } from './listen.js';

export interface RunningHost {
  url: string;
  lendwire: Lendwire;
  knex: Knex;
  stop(): Promise<void>;
}

/** The host's own bearer-token auth, also handed to lendwire as its auth hook. */
function bearerAuth(users: Record<string, Principal>) {
  return (req: Request): Principal | null => {
    const match = /^Bearer (.+)$/.exec(req.get('authorization') ?? '');
    return match ? (users[match[1]] ?? null) : null;
  };
}

/** A tiny DMS: a couple of routes of its own, and lendwire mounted under /lendwire. */
export async function startHost(config: HostConfig, logger: Logger = pino({ name: 'host-example' })): Promise<RunningHost> {
  const knex = knexFactory({ client: 'pg', connection: config.databaseUrl, pool: { min: 0, max: 10 } });
  const redis = new Redis(config.redisUrl, { lazyConnect: true });
  await redis.connect();
  const auth = bearerAuth(config.users);

  await knex.schema.hasTable('deals').then((exists) =>
    exists
      ? undefined
      : knex.schema.createTable('deals', (t) => {
          t.increments('id');
          t.text('dealer_id').notNullable();
          t.text('customer').notNullable();
          t.timestamp('created_at', { useTz: true }).defaultTo(knex.fn.now());
        }),
  );

  let lendwire: Lendwire | undefined;
  try {
    lendwire = await createLendwire({ manifest: config.manifestPath, knex, redis, logger, auth, queuePrefix: config.queuePrefix });
    registerBuiltInAdapters(lendwire);
    await lendwire.migrate();

    const app = express();
    app.get('/', (_req, res) => {
      res.json({ name: 'host-example DMS', lendwire: '/lendwire/health' });
    });
    app.get('/api/me', (req, res) => {
      const principal = auth(req);
      if (!principal) res.status(401).json({ error: 'unauthenticated' });
      else res.json(principal);
    });
    app.get('/api/deals', async (req, res) => {
      const principal = auth(req);
      if (!principal) {
        res.status(401).json({ error: 'unauthenticated' });
        return;
      }
      res.json(await knex('deals').whereIn('dealer_id', principal.dealerIds).orderBy('id'));
    });
    app.use('/lendwire', lendwire.router);
    await lendwire.start();

    const { server, url } = await listen(app, config.port);
    const lw = lendwire;
    return {
      url,
      lendwire: lw,
      knex,
      async stop() {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await lw.stop();
        await redis.quit();
        await knex.destroy();
      },
    };
  } catch (err) {
    await lendwire?.stop().catch(() => undefined);
    await redis.quit().catch(() => undefined);
    await knex.destroy();
    throw err;
  }
}
