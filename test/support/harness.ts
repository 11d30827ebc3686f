import express, { type Express, type Request } from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createLendwire, type CreateLendwireOptions, type Lendwire, type Principal } from '../../plugin/index.js';
import { createTestDatabase, type TestDatabase } from './testDatabase.js';
import { createTestRedis, type TestRedis } from './testRedis.js';
import { testManifest } from './testManifest.js';

/** Principals the harness' auth hook knows, by bearer token. */
export const TEST_USERS: Record<string, Principal> = {
  'admin-token': { userId: 'u-admin', dealerIds: ['dealer-1', 'dealer-2'], roles: ['admin'] },
  'operator-token': { userId: 'u-operator', dealerIds: ['dealer-1', 'dealer-2'], roles: ['operator'] },
  'viewer-token': { userId: 'u-viewer', dealerIds: ['dealer-1', 'dealer-2'], roles: ['viewer'] },
  'dealer1-token': { userId: 'u-dealer1', dealerIds: ['dealer-1'], roles: ['dealer'] },
  'dealer2-token': { userId: 'u-dealer2', dealerIds: ['dealer-2'], roles: ['dealer'] },
};

export function bearerAuth(users: Record<string, Principal> = TEST_USERS) {
  return (req: Request): Principal | null => {
    const match = /^Bearer (.+)$/.exec(req.get('authorization') ?? '');
    return match ? (users[match[1]] ?? null) : null;
  };
}

export interface HarnessOptions {
  manifest?: Record<string, unknown>;
  /** Called before start(), e.g. to register adapters. */
  register?: (lendwire: Lendwire) => void;
  /** Start workers (default true). */
  start?: boolean;
  /** Mount a global express.json() on the host app before the plugin. */
  hostJsonParser?: boolean;
  extra?: Partial<CreateLendwireOptions>;
}

export interface Harness {
  db: TestDatabase;
  redis: TestRedis;
  lendwire: Lendwire;
  app: Express;
  /** Base URL of the mounted plugin, e.g. http://127.0.0.1:39123/lendwire */
  url: string;
  /** Every log line written so far (JSON lines). */
  logs(): string;
  /** fetch() against the plugin with an optional bearer token. */
  request(path: string, init?: RequestInit & { token?: string; json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

/** A host app with lendwire mounted at /lendwire, on a throwaway database and Redis prefix, listening on 127.0.0.1. */
export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const db = await createTestDatabase();
  const redis = await createTestRedis();
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  const logger = pino({ level: 'debug' }, sink);
  let lendwire: Lendwire | undefined;
  let server: Server | undefined;
  try {
    lendwire = await createLendwire({
      manifest: options.manifest ?? testManifest(),
      knex: db.knex,
      redis: redis.redis,
      logger,
      auth: bearerAuth(),
      queuePrefix: redis.prefix,
      shutdownTimeoutMs: 5000,
      ...options.extra,
    });
    await lendwire.migrate();
    options.register?.(lendwire);
    const app = express();
    if (options.hostJsonParser) app.use(express.json());
    app.get('/host-route', (_req, res) => {
      res.json({ host: true });
    });
    app.use('/lendwire', lendwire.router);
    if (options.start !== false) await lendwire.start();
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/lendwire`;
    const lw = lendwire;
    const srv = server;
    return {
      db,
      redis,
      lendwire: lw,
      app,
      url,
      logs: () => lines.join(''),
      request(path, init = {}) {
        return fetch(url + path, testRequestInit(init));
      },
      async close() {
        await lw.stop();
        srv.closeAllConnections();
        await new Promise<void>((resolve) => srv.close(() => resolve()));
        await redis.cleanup();
        await db.drop();
      },
    };
  } catch (err) {
    await lendwire?.stop().catch(() => undefined);
    server?.close();
    await redis.cleanup().catch(() => undefined);
    await db.drop().catch(() => undefined);
    throw err;
  }
}

/** A test request's fetch options: `token` becomes a bearer header, `json` a JSON body. */
export function testRequestInit(init: RequestInit & { token?: string; json?: unknown }): RequestInit {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  return { ...init, headers, body };
}

/** The JSON body of a response, loosely typed for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function jsonOf(res: Response): Promise<any> {
  return res.json();
}
