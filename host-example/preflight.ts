import knexFactory from 'knex';
import { Redis } from 'ioredis';
import { safeUrl } from '../plugin/cli/env.js';

/** Knex logs connection errors itself; preflight reports them in one line instead. */
const QUIET = { warn: () => undefined, error: () => undefined, deprecate: () => undefined, debug: () => undefined };

const PG_START = 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';
const REDIS_START = 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no';

/**
 * Checks PostgreSQL (creating the demo database when the server is up but the
 * database is missing) and Redis. Returns one actionable line per failure.
 */
export async function preflight(databaseUrl: string, redisUrl: string): Promise<string[]> {
  const problems: string[] = [];
  const target = new URL(databaseUrl);
  const dbName = decodeURIComponent(target.pathname.replace(/^\//, '')) || 'postgres';
  const adminUrl = new URL(databaseUrl);
  adminUrl.pathname = '/postgres';
  const admin = knexFactory({ client: 'pg', connection: { connectionString: adminUrl.toString(), connectionTimeoutMillis: 3000 }, pool: { min: 0, max: 1 }, log: QUIET });
  try {
    const found = await admin.raw('SELECT 1 FROM pg_database WHERE datname = ?', [dbName]);
    if (found.rows.length === 0) await admin.raw('CREATE DATABASE ??', [dbName]);
  } catch (err) {
    problems.push(`cannot reach PostgreSQL at ${safeUrl(databaseUrl)} (${(err as Error).message || (err as { code?: string }).code}); set DATABASE_URL or start it: ${PG_START}`);
  } finally {
    await admin.destroy();
  }
  const redis = new Redis(redisUrl, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  let lastError: Error | undefined;
  redis.on('error', (err: Error) => {
    lastError = err;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    problems.push(`cannot reach Redis at ${safeUrl(redisUrl)} (${(lastError ?? (err as Error)).message}); set REDIS_URL or start it: ${REDIS_START}`);
  } finally {
    redis.disconnect();
  }
  return problems;
}
