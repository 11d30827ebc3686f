import { pino, type Logger } from 'pino';
import { REDACTION } from './redaction.js';

export type { Logger };

/**
 * The plugin's root logger. With a host pino logger we log through it (so its
 * transport and level apply) but always with our redaction rules.
 */
export function createLogger(hostLogger?: Logger): Logger {
  if (hostLogger) return hostLogger.child({ plugin: 'lendwire' }, { redact: REDACTION });
  return pino({
    name: 'lendwire',
    level: process.env.LENDWIRE_LOG_LEVEL ?? 'info',
    redact: REDACTION,
  });
}
