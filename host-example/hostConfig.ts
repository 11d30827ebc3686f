import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Principal } from '../plugin/index.js';
import { databaseUrl, redisUrl } from '../plugin/cli/env.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root, both from sources (host-example/) and from dist/host-example/. */
export const PROJECT_ROOT = here.includes(`${join('dist', 'host-example')}`) ? resolve(here, '..', '..') : resolve(here, '..');
/** Where the demo's file partners write (batch files, the SFTP partner's inbox): `DEMO_OUT_DIR`, by default host-example/out (git-ignored). */
export const DEMO_OUT_DIRECTORY = resolve(process.env.DEMO_OUT_DIR || join(PROJECT_ROOT, 'host-example', 'out'));

export interface HostConfig {
  databaseUrl: string;
  redisUrl: string;
  port: number;
  manifestPath: string;
  /**
   * Redis prefix for lendwire's queues. Unset, createLendwire reads LENDWIRE_QUEUE_PREFIX and
   * otherwise uses the deployment's own prefix, the same rule `lendwire worker` follows.
   */
  queuePrefix?: string;
  users: Record<string, Principal>;
}

function loadUsers(): Record<string, Principal> {
  const fromEnv = process.env.HOST_EXAMPLE_USERS;
  if (fromEnv) {
    try {
      return JSON.parse(fromEnv) as Record<string, Principal>;
    } catch (err) {
      throw new Error(`HOST_EXAMPLE_USERS is not valid JSON: ${(err as Error).message}`);
    }
  }
  return JSON.parse(readFileSync(join(PROJECT_ROOT, 'host-example', 'users.json'), 'utf8')) as Record<string, Principal>;
}

/** Reads the host example's settings from the environment (see README, "Configuration"). */
export function readHostConfig(): HostConfig {
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number (got ${process.env.PORT})`);
  return {
    databaseUrl: databaseUrl(),
    redisUrl: redisUrl(),
    port,
    manifestPath: resolve(process.env.LENDWIRE_MANIFEST || join(PROJECT_ROOT, 'plugin.manifest.json')),
    users: loadUsers(),
  };
}
