import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Sealer } from '../Sealer.js';
import { countStaleSeals } from './countStaleSeals.js';

export const RESEAL_COMMAND = 'npx lendwire pii:reseal';

/**
 * At start-up: says how many sealed values still use a key other than the
 * active one, which of those keys the manifest no longer lists (those values
 * cannot be read), and the command that finishes the rotation. Silent when
 * every value is on the active key. A failure to count never stops start-up.
 */
export async function logStaleSeals(knex: Knex, schema: string, sealer: Sealer, logger: Logger): Promise<void> {
  let stale;
  try {
    stale = await countStaleSeals(knex, schema, sealer);
  } catch (err) {
    logger.warn({ err }, 'could not count sealed values on old encryption keys');
    return;
  }
  const { byKey, resealable, unreadable, unlistedKeys } = stale;
  if (unreadable > 0) {
    logger.error(
      { keys: byKey, unreadable, unlistedKeys },
      `${unreadable} sealed value(s) use encryption key(s) the manifest no longer lists (${unlistedKeys.join(', ')}): they cannot be read. ` +
        `Put those keys back in security.encryption.keys, then run "${RESEAL_COMMAND}" to move them to the active key "${sealer.activeKeyId ?? '(none)'}"`,
    );
  }
  if (resealable > 0) {
    logger.warn(
      { keys: byKey, resealable, activeKeyId: sealer.activeKeyId },
      `PII key rotation is not finished: ${resealable} sealed value(s) still use an older key than the active key "${sealer.activeKeyId ?? '(none)'}"; run "${RESEAL_COMMAND}" to re-encrypt them`,
    );
  }
}
