import type { RedisClient } from '../kernel/RedisClient.js';
import type { Logger } from 'pino';

/** A drop this soon after the connection came back is counted as the same outage. */
const SAME_OUTAGE_MS = 10_000;

export interface RedisWatchOptions {
  /** Which connection this is in the log (e.g. "host", "queues", "worker:lendwire-callbacks"). */
  role: string;
  logger: Logger;
  /** Log the outage and the recovery (false when the connection's owner logs them already). */
  log?: boolean;
  /** Called once the connection is ready again after it was lost. */
  onRecovered?: () => void;
}

/**
 * An 'error' listener for an ioredis connection that logs ONCE per outage (not
 * once per reconnect attempt, which is every few hundred ms) and once when the
 * connection is back. Without any 'error' listener ioredis prints
 * "[ioredis] Unhandled error event" for every failed attempt. Returns a
 * function that removes the listeners again.
 */
export function watchRedisConnection(redis: RedisClient, { role, logger, log = true, onRecovered }: RedisWatchOptions): () => void {
  let downSince: number | undefined;
  let lostLogged = false;
  let readyAt = -Infinity;
  let closed = false;
  const onError = (err: Error & { code?: string }) => {
    if (downSince !== undefined) return;
    downSince = Date.now();
    // A connection that drops again right after it came back (a server still starting, BullMQ
    // re-creating its blocking connection) is the same outage: one line for it, not one per flap.
    if (downSince - readyAt < SAME_OUTAGE_MS) return;
    lostLogged = true;
    if (log) logger.warn({ redisConnection: role, err: { message: err.message, code: err.code } }, `Redis connection "${role}" lost; reconnecting until it is back`);
  };
  const onClose = () => {
    closed = true;
  };
  const onReady = () => {
    if (lostLogged && log) logger.info({ redisConnection: role, downMs: Date.now() - downSince! }, `Redis connection "${role}" is back`);
    // A reconnect without a failed attempt in between (a quick restart) may still have lost every key.
    const recovered = downSince !== undefined || closed;
    downSince = undefined;
    lostLogged = false;
    closed = false;
    if (!recovered) return;
    readyAt = Date.now();
    onRecovered?.();
  };
  redis.on('error', onError);
  redis.on('close', onClose);
  redis.on('ready', onReady);
  return () => {
    redis.off('error', onError);
    redis.off('close', onClose);
    redis.off('ready', onReady);
  };
}
