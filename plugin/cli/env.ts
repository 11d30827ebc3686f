/** Environment variables the CLI and the host example read, with their defaults. */
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/lendwire_demo';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export function databaseUrl(): string {
  return process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

export function redisUrl(): string {
  return process.env.REDIS_URL || DEFAULT_REDIS_URL;
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
