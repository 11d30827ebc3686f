import express, { type Request } from 'express';
import knexFactory, { type Knex } from 'knex';
import { Redis } from 'ioredis';
import { pino, type Logger } from 'pino';
import { createLendwire, watchRedisConnection, type CreateLendwireOptions, type Lendwire, type Principal } from '../plugin/index.js';
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
export async function startHost(config: HostConfig, logger: Logger = pino({ name: 'host-example' }), tuning: Pick<CreateLendwireOptions, 'idle'> = {}): Promise<RunningHost> {
  // Bounded waits during a PostgreSQL outage (knex waits 60 s for a pool connection by default, pg for ever for a new one).
  const knex = knexFactory({
    client: 'pg',
    connection: { connectionString: config.databaseUrl, connectionTimeoutMillis: 3000 },
    pool: { min: 0, max: 10 },
    acquireConnectionTimeout: 5000,
  });
  const redis = new Redis(config.redisUrl, { lazyConnect: true });
  // One log line when Redis goes away and one when it is back (ioredis would print every reconnect attempt unhandled).
  const unwatchRedis = watchRedisConnection(redis, { role: 'host', logger });
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
    lendwire = await createLendwire({ manifest: config.manifestPath, knex, redis, logger, auth, queuePrefix: config.queuePrefix, ...tuning });
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
        unwatchRedis();
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
