import type { RedisClient } from '../kernel/RedisClient.js';
import { ConfigurationError } from '../errors/index.js';
import { defaultQueuePrefix } from './QueuePrefix.js';

/** Which database a deployment lives in, as recorded with its claim. */
export interface DeploymentIdentity {
  deploymentId: string;
  database: string;
  schema: string;
}

interface ClaimRecord extends DeploymentIdentity {
  claimedAt: string;
}

/** The Redis key holding the claim of `prefix` (inside its hash tag, so it sits on the queues' slot). */
export function claimKey(prefix: string): string {
  return `${prefix}:deployment`;
}

function readClaim(text: string): Partial<ClaimRecord> {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' ? (parsed as Partial<ClaimRecord>) : {};
  } catch {
    return {};
  }
}

function describe(who: Partial<DeploymentIdentity>): string {
  return `deployment ${who.deploymentId ?? '(unknown)'}, database "${who.database ?? '?'}", schema "${who.schema ?? '?'}"`;
}

/**
 * Records in Redis that `prefix` belongs to this deployment, or refuses when
 * another deployment (another database) holds it: two deployments on one
 * prefix would consume each other's jobs. A claim by the same deployment is
 * fine, so restarts and any number of processes of one deployment start.
 * The claim has no expiry: it is the lasting answer to "whose queues are these".
 */
export async function claimQueuePrefix(redis: RedisClient, prefix: string, me: DeploymentIdentity, now: Date): Promise<void> {
  const key = claimKey(prefix);
  const record: ClaimRecord = { ...me, claimedAt: now.toISOString() };
  const created = await redis.set(key, JSON.stringify(record), 'NX');
  if (created === 'OK') return;
  const current = await redis.get(key);
  // Gone between SET and GET (deleted by an operator): claim again.
  if (current === null) return claimQueuePrefix(redis, prefix, me, now);
  const holder = readClaim(current);
  if (holder.deploymentId === me.deploymentId) return;
  throw new ConfigurationError(
    `lendwire cannot start: Redis queue prefix "${prefix}" is claimed by another deployment (${describe(holder)}, since ${holder.claimedAt ?? '?'}); ` +
      `this is ${describe(me)}. Two deployments on one prefix would take each other's jobs. ` +
      `Leave the prefix unset to use this deployment's own ("${defaultQueuePrefix(me.deploymentId)}") or set another one (option queuePrefix / LENDWIRE_QUEUE_PREFIX); ` +
      `if the other deployment is retired for good, delete the Redis key "${key}" to release the prefix.`,
  );
}
