import type { Knex } from 'knex';
import type { Logger } from 'pino';

interface HostKnexConfig {
  acquireConnectionTimeout?: number;
  connection?: unknown;
}

/** knex waits 60 s for a pool connection unless told otherwise. */
const KNEX_DEFAULT_ACQUIRE_MS = 60_000;

/**
 * lendwire cannot reconfigure the host's knex, but it can say when its
 * timeouts let requests hang during a PostgreSQL outage: the request deadline
 * still answers 503 in time, yet the host's own routes and lendwire's workers
 * wait as long as the pool lets them. Logged once at creation, at info level.
 */
export function adviseOnHostTimeouts(knex: Knex, requestDeadlineMs: number, logger: Logger): void {
  const config = ((knex as unknown as { client?: { config?: HostKnexConfig } }).client?.config ?? {}) as HostKnexConfig;
  const acquireMs = config.acquireConnectionTimeout ?? KNEX_DEFAULT_ACQUIRE_MS;
  const connection = typeof config.connection === 'object' && config.connection !== null ? (config.connection as { connectionTimeoutMillis?: number }) : {};
  const advice: string[] = [];
  if (acquireMs > Math.max(requestDeadlineMs, 2000) * 5) advice.push(`knex acquireConnectionTimeout is ${acquireMs} ms (e.g. 5000 fails faster)`);
  if (!connection.connectionTimeoutMillis) advice.push('pg connectionTimeoutMillis is not set (a server that ignores new connections is waited on for ever; e.g. 3000)');
  if (advice.length) {
    logger.info({ advice }, 'PostgreSQL outages: lendwire answers its requests 503 within runtime.requestDeadline, but the host knex settings let other waits run long (see README, "Failure behaviour")');
  }
}
