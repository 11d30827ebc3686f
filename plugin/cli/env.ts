/** Environment variables the CLI and the host example read, with their defaults. */
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/lendwire_demo';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export function databaseUrl(): string {
  return process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

export function redisUrl(): string {
  return process.env.REDIS_URL || DEFAULT_REDIS_URL;
}

/**
 * The startup nodes of a Redis Cluster from LENDWIRE_REDIS_CLUSTER (comma-separated
 * `host:port` or `redis://[:password@]host:port`), or undefined when unset: then
 * REDIS_URL names a single server. A password in any of the URLs is used for every node.
 */
export function redisClusterNodes(): { nodes: { host: string; port: number }[]; password?: string } | undefined {
  const spec = process.env.LENDWIRE_REDIS_CLUSTER?.trim();
  if (!spec) return undefined;
  let password: string | undefined;
  const nodes = spec.split(',').map((item) => {
    const text = item.trim();
    const url = new URL(text.includes('://') ? text : `redis://${text}`);
    if (url.password) password = decodeURIComponent(url.password);
    const port = Number(url.port || 6379);
    if (!url.hostname || !Number.isInteger(port)) throw new Error(`LENDWIRE_REDIS_CLUSTER: "${text}" is not host:port`);
    return { host: url.hostname, port };
  });
  return { nodes, ...(password ? { password } : {}) };
}

export function schemaName(): string {
  return process.env.LENDWIRE_SCHEMA || 'lendwire';
}

/** A connection URL without its password, for messages. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
